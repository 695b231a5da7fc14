using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.IntegrationTests.Cli;
using Berth.IntegrationTests.Daemon;

namespace Berth.IntegrationTests.Build;

/// <summary>
/// The classic-builder corpus built by berthd and by Debian's dockerd 20.10 from the same contexts with the same
/// CLI: image config, history, layer count, files (modes, owners, sizes, link targets) and step lines must match.
/// dockerd comes from the docker.io package, which CI installs: its absence fails the test with that message.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DockerdComparisonTests : IClassFixture<BerthdFixture>, IDisposable
{
    private readonly BerthdFixture _berthd;
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-build-cmp-").FullName;

    public DockerdComparisonTests(BerthdFixture berthd) => _berthd = berthd;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static bool DockerdInstalled() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin").Split(':').Any(d => File.Exists(Path.Combine(d, "dockerd")));

    public static TheoryData<string, string, string[], string[]> Cases => new()
    {
        { "all", BuildCorpus.AllInstructions, [], ["/app", "/data", "/logs", "/cache"] },
        { "multi", BuildCorpus.MultiStageClassic, ["--target", "final", "--build-arg", "VERSION=7"], [] },
        { "ignore", BuildCorpus.Dockerignore, [], ["/ctx", "/listing"] },
        { "onbuild", BuildCorpus.Onbuild, [], ["/onbuild"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BerthBuildsWhatDockerdBuilds(string name, string dockerfile, string[] args, string[] paths)
    {
        Assert.True(DockerdInstalled(), "dockerd is not installed (Debian package docker.io): this comparison needs it");
        using var dockerd = new DockerdFixture();
        var theirs = new DockerCli(dockerd.Host, Path.Combine(_dir, "cfg-dockerd"));
        var ours = new DockerCli(_berthd.Host, Path.Combine(_dir, "cfg-berthd"));
        string ctx = BuildCorpus.Write(_dir, name, dockerfile, name == "ignore" ? BuildCorpus.DockerignoreFile : null);
        string tag = "cmp-" + name + ":1";

        var a = theirs.Build(ctx, [.. args, "-t", tag]);
        Assert.True(a.Code == 0, "dockerd: " + a.Out + a.Err);
        var b = ours.Build(ctx, [.. args, "-t", tag]);
        Assert.True(b.Code == 0, "berthd: " + b.Out + b.Err);

        Assert.Equal(StepLines(a.Out), StepLines(b.Out));
        Assert.Equal(Canonical(theirs.Config(tag)), Canonical(ours.Config(tag)));
        Assert.Equal(theirs.Ok("history", "--no-trunc", "--format", "{{.CreatedBy}} | {{.Size}}", tag), ours.Ok("history", "--no-trunc", "--format", "{{.CreatedBy}} | {{.Size}}", tag));
        Assert.Equal(theirs.Ok("image", "inspect", "-f", "{{len .RootFS.Layers}} {{.Author}} {{.Os}}/{{.Architecture}}", tag),
            ours.Ok("image", "inspect", "-f", "{{len .RootFS.Layers}} {{.Author}} {{.Os}}/{{.Architecture}}", tag));
        if (paths.Length > 0) Assert.Equal(theirs.Files(tag, paths), ours.Files(tag, paths));
        else
        {
            // FROM scratch: no shell, busybox's stat by name.
            string[] stat = ["run", "--rm", "--entrypoint", "/bin/busybox", tag, "stat", "-c", "%n %F %a %u:%g %s", "/out", "/out/version", "/out/private", "/bin/busybox", "/bin/sh"];
            Assert.Equal(theirs.Ok(stat), ours.Ok(stat));
        }
    }

    [Fact]
    public void AFailingRunFailsTheSameWay()
    {
        Assert.True(DockerdInstalled(), "dockerd is not installed (Debian package docker.io): this comparison needs it");
        using var dockerd = new DockerdFixture();
        var theirs = new DockerCli(dockerd.Host, Path.Combine(_dir, "cfg-dockerd"));
        var ours = new DockerCli(_berthd.Host, Path.Combine(_dir, "cfg-berthd"));
        string ctx = BuildCorpus.Write(_dir, "fail", BuildCorpus.FailingRun);
        var a = theirs.Build(ctx, "-t", "cmp-fail:1");
        var b = ours.Build(ctx, "-t", "cmp-fail:1");
        Assert.Equal(a.Code, b.Code);
        Assert.Equal(StepLines(a.Out), StepLines(b.Out));
        const string message = "The command '/bin/sh -c echo to-stdout; echo to-stderr >&2; exit 3' returned a non-zero code: 3";
        Assert.Contains(message, a.Out + a.Err);
        Assert.Contains(message, b.Out + b.Err);
        Assert.NotEqual(0, ours.Run("image", "inspect", "cmp-fail:1").Code);
    }

    /// <summary>"Step n/m : …" and "Successfully tagged …" lines: what does not depend on IDs or timing.</summary>
    private static List<string> StepLines(string output) => output.Split('\n')
        .Where(l => l.StartsWith("Step ", StringComparison.Ordinal) || l.StartsWith("Successfully tagged ", StringComparison.Ordinal)
            || l.StartsWith("# Executing", StringComparison.Ordinal))
        .ToList();

    /// <summary>JSON with object keys sorted, so that two configs compare by content.</summary>
    private static string Canonical(JsonElement e) => Sort(JsonNode.Parse(e.GetRawText()))?.ToJsonString() ?? "null";

    private static JsonNode? Sort(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
            {
                var sorted = new JsonObject();
                foreach (var (k, v) in o.OrderBy(p => p.Key, StringComparer.Ordinal).ToList())
                {
                    o.Remove(k);
                    sorted[k] = Sort(v);
                }
                return sorted;
            }
            case JsonArray a:
            {
                var items = a.ToList();
                a.Clear();
                var copy = new JsonArray();
                foreach (var i in items) copy.Add(Sort(i));
                return copy;
            }
            default:
                return node;
        }
    }
}
