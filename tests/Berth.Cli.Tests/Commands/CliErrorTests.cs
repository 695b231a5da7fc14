namespace Berth.Cli.Tests.Commands;

/// <summary>Exit codes and messages of the CLI before anything reaches the daemon (docker's wording, "berth" for "docker").</summary>
public class CliErrorTests
{
    [Fact]
    public void UnknownFlagExits125WithUsage()
    {
        var (code, stdout, stderr) = CliRunner.Run("ps", "--al");
        Assert.Equal(125, code);
        Assert.Equal("", stdout);
        Assert.Equal("unknown flag: --al\n\nDid you mean this?\n\t--all\n\nUsage:  berth ps [OPTIONS]\n\nRun 'berth ps --help' for more information\n", stderr);
    }

    [Fact]
    public void UnknownCommandSuggestsAndExits1()
    {
        var (code, _, stderr) = CliRunner.Run("rnu");
        Assert.Equal(1, code);
        Assert.Equal("berth: unknown command: berth rnu\n\nDid you mean this?\n\trun\n\nRun 'berth --help' for more information\n", stderr);
    }

    [Fact]
    public void UnknownSubcommandOfAGroup()
    {
        var (code, _, stderr) = CliRunner.Run("container", "lss");
        Assert.Equal(1, code);
        Assert.Equal("berth: unknown command: berth container lss\n\nDid you mean this?\n\tls\n\nUsage:  berth container\n\nRun 'berth container --help' for more information\n", stderr);
    }

    [Fact]
    public void ArgumentCountErrors()
    {
        Assert.Equal((1, "", "berth: 'berth ps' accepts no arguments\n\nUsage:  berth ps [OPTIONS]\n\nRun 'berth ps --help' for more information\n"),
            CliRunner.Run("ps", "x"));
        Assert.Equal((1, "", "berth: 'berth run' requires at least 1 argument\n\nUsage:  berth run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nSee 'berth run --help' for more information\n"),
            CliRunner.Run("run"));
        Assert.Equal((1, "", "berth: 'berth rename' requires 2 arguments\n\nUsage:  berth rename CONTAINER NEW_NAME\n\nRun 'berth rename --help' for more information\n"),
            CliRunner.Run("rename", "a"));
    }

    [Fact]
    public void InvalidValuesAreRefusedBeforeContactingTheDaemon()
    {
        var (code, _, stderr) = CliRunner.Run("run", "--memory", "abc", "busybox");
        Assert.Equal(125, code);
        Assert.StartsWith("invalid argument \"abc\" for \"-m, --memory\" flag: invalid size: 'abc'\n", stderr);
        (code, _, stderr) = CliRunner.Run("run", "-p", "99999:80", "busybox");
        Assert.Equal(125, code);
        Assert.Equal("berth: invalid hostPort: 99999\n\nRun 'berth run --help' for more information\n", stderr);
        (code, _, stderr) = CliRunner.Run("run", "--rm", "--restart", "always", "busybox");
        Assert.Equal(125, code);
        Assert.Equal("berth: conflicting options: cannot specify both --restart and --rm\n\nRun 'berth run --help' for more information\n", stderr);
        (code, _, stderr) = CliRunner.Run("create", "--pull", "bogus", "busybox");
        Assert.Equal(125, code);
        Assert.Equal("berth: invalid pull option: 'bogus': must be one of \"always\", \"missing\" or \"never\"\n\nRun 'berth create --help' for more information\n", stderr);
    }

    [Fact]
    public void DaemonNotRunning()
    {
        var (code, _, stderr) = CliRunner.Run("ps");
        Assert.Equal(1, code);
        Assert.Equal("Cannot connect to the Berth daemon at unix:///nonexistent/berth-test.sock. Is the berth daemon running?\n", stderr);
        (code, _, stderr) = CliRunner.Run("run", "busybox");
        Assert.Equal(125, code);
        Assert.Equal("berth: Cannot connect to the Berth daemon at unix:///nonexistent/berth-test.sock. Is the berth daemon running?\n\nRun 'berth run --help' for more information\n", stderr);
    }

    [Fact]
    public void HostPrecedence()
    {
        var env = new Dictionary<string, string> { ["BERTH_HOST"] = "unix:///nonexistent/a.sock", ["DOCKER_HOST"] = "unix:///nonexistent/b.sock" };
        Assert.Contains("unix:///nonexistent/a.sock", CliRunner.Run(env, "", "ps").Err);
        Assert.Contains("unix:///nonexistent/c.sock", CliRunner.Run(env, "", "-H", "unix:///nonexistent/c.sock", "ps").Err);
        env["BERTH_HOST"] = "";
        Assert.Contains("unix:///nonexistent/b.sock", CliRunner.Run(env, "", "ps").Err);
    }

    [Fact]
    public void BadTemplateNamesThePosition()
    {
        var (code, _, stderr) = CliRunner.Run("inspect", "-f", "{{.Name", "x");
        Assert.Equal(64, code);
        Assert.Equal("template parsing error: template: :1: unclosed action\n", stderr);
        (code, _, stderr) = CliRunner.Run("ps", "--format", "{{.Foo}}");
        Assert.Equal(1, code);
        Assert.Equal("failed to execute template: template: :1:2: executing \"\" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext\n", stderr);
    }

    [Fact]
    public void VersionFlag() => Assert.Equal((0, $"Berth version {CliVersion.Version}, build {CliVersion.GitCommit}\n", ""), CliRunner.Run("--version"));

    [Fact]
    public void CompletionScripts()
    {
        foreach (var shell in new[] { "bash", "zsh", "fish" })
        {
            var (code, stdout, _) = CliRunner.Run("completion", shell);
            Assert.Equal(0, code);
            Assert.Contains("__complete", stdout);
        }
    }
}
