using System.Text;

namespace Berth.IntegrationTests.Cli;

/// <summary>
/// The same scripted session run with `berth` and with the docker CLI 28 against the same daemon gives the same
/// results: exit code, stdout and stderr of every step (IDs and relative times normalised).
/// </summary>
[Trait("Category", "Integration")]
public sealed class SessionComparisonTests(DockerdFixture daemon) : IClassFixture<DockerdFixture>, IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("berth-cli-session-").FullName;

    private static SessionStep S(params string[] args) => new(args);

    private List<SessionStep> Steps() =>
    [
        S("ps"),
        S("ps", "-a", "--format", "{{.Names}} {{.Status}}"),
        S("images", "--format", "table {{.Repository}}\t{{.Tag}}\t{{.Size}}"),
        S("images", "-q"),
        S("run", "--name", "s1", "busybox", "echo", "hello"),
        S("run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3"),
        S("run", "-d", "--name", "s2", "-e", "A=1", "-l", "k=v", "--restart", "on-failure:2", "-p", "8088:80", "busybox", "sleep", "300"),
        S("ps", "--format", "table {{.Names}}\t{{.Image}}\t{{.Command}}\t{{.Labels}}"),
        S("ps", "--no-trunc", "--format", "{{.Command}} {{.Names}}"),
        S("ps", "--format", "{{json .Labels}} {{.Label \"k\"}} {{.LocalVolumes}} {{.Mounts}}"),
        S("ps", "-a", "-q", "--filter", "status=exited"),
        S("inspect", "--format", "{{.State.Status}} {{.Config.Env}} {{json .Config.Labels}} {{.HostConfig.RestartPolicy.Name}} {{.Name}}", "s2"),
        S("inspect", "-f", "{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}} {{index .Config.Labels \"k\"}} {{len .Config.Env}} {{upper .State.Status}} {{join .Config.Cmd \"+\"}} {{printf \"%-8s|%5d\" .State.Status .RestartCount}}", "s2"),
        S("inspect", "-f", "{{.NetworkSettings.Ports}} {{.HostConfig.PortBindings}} {{.State.Health}} {{.Config.Entrypoint}} {{.Foo}}", "s2"),
        S("inspect", "-f", "{{.Config.Labels.nope}} {{if eq .State.Status \"running\"}}yes{{else}}no{{end}}", "s2"),
        S("inspect", "-f", "{{json .Config.ExposedPorts}} {{json .HostConfig.LogConfig}} {{.HostConfig.Memory}}", "s2"),
        S("inspect", "--type", "container", "-f", "{{json .State.Running}}", "s2"),
        S("inspect", "-f", "{{.Name", "s2"),
        S("container", "inspect", "nope"),
        S("inspect", "nope", "s2", "--format", "{{.Name}}"),
        S("image", "inspect", "-f", "{{.Os}} {{.Architecture}} {{.RepoTags}} {{.Comment}}", "busybox"),
        S("exec", "s2", "sh", "-c", "echo in-exec; exit 4"),
        S("exec", "-e", "X=1", "-w", "/tmp", "s2", "sh", "-c", "echo $X $PWD"),
        new(["exec", "-i", "s2", "cat"], Stdin: "piped input\n"),
        S("logs", "s1"),
        S("logs", "--tail", "1", "s1"),
        S("port", "s2"),
        S("pause", "s2"),
        S("ps", "--format", "{{.Names}} {{.Status}}", "--filter", "name=s2"),
        S("unpause", "s2"),
        S("rename", "s2", "s3"),
        S("stop", "-t", "1", "s3"),
        S("start", "s3"),
        S("restart", "-t", "0", "s3"),
        S("kill", "s3"),
        S("wait", "s3"),
        S("update", "--memory", "64m", "s3"),
        S("diff", "s1"),
        S("rm", "s1", "s3", "nope"),
        S("rm", "-f", "nope"),
        S("volume", "create", "vol1"),
        S("volume", "create", "--label", "a=b", "vol2"),
        S("volume", "ls"),
        S("volume", "ls", "-q", "--filter", "label=a=b"),
        S("volume", "inspect", "-f", "{{.Name}} {{.Driver}} {{.Labels}} {{.Scope}}", "vol1", "vol2"),
        S("run", "--rm", "-v", "vol1:/data", "busybox", "sh", "-c", "echo v > /data/f && cat /data/f"),
        S("volume", "rm", "vol1", "vol2", "nope"),
        S("network", "create", "net1"),
        S("network", "ls", "--filter", "name=net1", "--format", "{{.Name}} {{.Driver}} {{.Scope}} {{.Internal}}"),
        S("network", "inspect", "-f", "{{.Name}} {{.Driver}} {{.Internal}} {{.IPAM.Driver}}", "net1"),
        S("network", "rm", "net1", "nope"),
        S("tag", "busybox", "busybox:t2"),
        S("images", "busybox", "--format", "{{.Repository}}:{{.Tag}}"),
        S("rmi", "busybox:t2"),
        S("rmi", "nope:latest"),
        S("history", "--format", "{{.CreatedBy}}|{{.Size}}|{{.Comment}}", "busybox"),
        S("create", "--name", "s4", "busybox", "true"),
        S("ps", "-a", "--filter", "name=s4", "--format", "{{.Status}}"),
        S("commit", "-m", "msg", "s4", "committed:1"),
        S("images", "committed", "--format", "{{.Tag}}"),
        S("history", "-q", "committed:1"),
        S("rmi", "committed:1"),
        S("rm", "s4"),
        S("system", "df", "--format", "{{.Type}} {{.TotalCount}} {{.Active}}"),
        S("info", "--format", "{{.ServerVersion}} {{.OSType}} {{.Driver}} {{json .Plugins.Volume}}"),
        S("version", "--format", "{{.Server.Version}} {{.Server.APIVersion}}"),
        S("container", "prune", "-f"),
        S("run", "--memory", "abc", "busybox"),
        S("run", "-p", "99999:80", "busybox"),
        S("run", "--rm", "--restart", "always", "busybox"),
        S("run", "busybox", "nosuchcmd"),
        S("run", "busybox", "/etc"),
        S("ps", "--format", "{{.Foo}}"),
        S("ps", "extra"),
        S("volume", "ls", "extra"),
        S("run"),
        S("rename", "x"),
        S("logs", "nope"),
        S("start", "nope"),
        S("stop", "nope"),
        new(["ps", "--al"], Stderr: false),
    ];

    private List<(ProcessRunner.Result Result, string Cli)> RunSession(string cli, string configDir)
    {
        var results = new List<(ProcessRunner.Result, string)>();
        var env = daemon.Env(configDir);
        foreach (var step in Steps())
            results.Add((ProcessRunner.Run(cli, step.Args, env, step.Stdin ?? "", TimeSpan.FromSeconds(60), _work), cli));
        return results;
    }

    [Fact]
    public void ScriptedSessionGivesTheSameResults()
    {
        daemon.Reset();
        var docker = RunSession(Binaries.Docker, Path.Combine(_work, "docker-config"));
        daemon.Reset();
        var berth = RunSession(Binaries.Berth, Path.Combine(_work, "berth-config"));
        daemon.Reset();
        var steps = Steps();
        var dn = new OutputNormalizer();
        var bn = new OutputNormalizer();
        var report = new StringBuilder();
        for (int i = 0; i < steps.Count; i++)
        {
            var d = docker[i].Result;
            var b = berth[i].Result;
            string dOut = dn.Normalize(d.Out), bOut = bn.Normalize(b.Out);
            string dErr = dn.Normalize(d.Err), bErr = bn.Normalize(b.Err);
            bool same = d.Code == b.Code && (!steps[i].Stdout || dOut == bOut) && (!steps[i].Stderr || dErr == bErr);
            if (!same)
            {
                report.Append("step ").Append(i).Append(": ").Append(steps[i]).Append('\n');
                report.Append("  docker rc=").Append(d.Code).Append(" out=").Append(Escape(dOut)).Append(" err=").Append(Escape(dErr)).Append('\n');
                report.Append("  berth  rc=").Append(b.Code).Append(" out=").Append(Escape(bOut)).Append(" err=").Append(Escape(bErr)).Append('\n');
            }
        }
        Assert.True(report.Length == 0, "outputs differ:\n" + report);
    }

    private static string Escape(string s) => "\"" + s.Replace("\n", "\\n").Replace("\t", "\\t") + "\"";

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
