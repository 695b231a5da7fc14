using Berth.IntegrationTests.Cli;
using Berth.IntegrationTests.Registry;

namespace Berth.IntegrationTests.Daemon;

/// <summary>docker pull / push against Debian's docker-registry on 127.0.0.1, and save / load, through berthd.</summary>
[Trait("Category", "Integration")]
public sealed class ImageFlowTests : IClassFixture<BerthdFixture>
{
    private readonly BerthdFixture _d;

    public ImageFlowTests(BerthdFixture daemon) => _d = daemon;

    [Fact]
    public void PushRemovePullAndRun()
    {
        using var registry = new RegistryProcess();
        string name = $"{registry.Host}/it/busybox:v1";
        Assert.Equal(0, _d.Docker("tag", "busybox", name).Code);
        var push = _d.Docker("push", name);
        Assert.True(push.Code == 0, push.Err);
        Assert.Contains("digest: sha256:", push.Out);
        Assert.Equal(0, _d.Docker("rmi", name).Code);
        var pull = _d.Docker("pull", name);
        Assert.True(pull.Code == 0, pull.Err);
        Assert.Contains("Status: ", pull.Out);
        Assert.Equal("pulled\n", _d.Docker("run", "--rm", name, "echo", "pulled").Out);
        var missing = _d.Docker("pull", $"{registry.Host}/it/none:v1");
        Assert.Equal(1, missing.Code);
        Assert.Contains("not found", missing.Err);
        _d.Docker("rmi", name);
    }

    [Fact]
    public void SaveAndLoadRoundTrip()
    {
        string tar = Path.Combine(_d.Root, "saved.tar");
        Assert.Equal(0, _d.Docker("tag", "busybox", "roundtrip:one").Code);
        var save = _d.Docker("save", "-o", tar, "roundtrip:one");
        Assert.True(save.Code == 0, save.Err);
        string id = _d.Docker("image", "inspect", "-f", "{{.Id}}", "roundtrip:one").Out.Trim();
        Assert.Equal(0, _d.Docker("rmi", "roundtrip:one").Code);
        var load = _d.Docker("load", "-i", tar);
        Assert.True(load.Code == 0, load.Err);
        Assert.Contains("Loaded image: roundtrip:one", load.Out);
        Assert.Equal(id, _d.Docker("image", "inspect", "-f", "{{.Id}}", "roundtrip:one").Out.Trim());
        _d.Docker("rmi", "roundtrip:one");
    }

    [Fact]
    public void RemovingAnImageInUseIsRefused()
    {
        Assert.Equal(0, _d.Docker("tag", "busybox", "inuse:one").Code);
        Assert.Equal(0, _d.Docker("create", "--name", "inuse-user", "inuse:one", "true").Code);
        try
        {
            var rmi = _d.Docker("rmi", "inuse:one");
            Assert.True(rmi.Code == 0, rmi.Err);
            Assert.Contains("Untagged: inuse:one", rmi.Out);
            var byId = _d.Docker("rmi", _d.Docker("image", "inspect", "-f", "{{.Id}}", "busybox").Out.Trim());
            Assert.NotEqual(0, byId.Code);
            Assert.Contains("conflict", byId.Err);
        }
        finally { _d.Docker("rm", "-f", "inuse-user"); }
    }
}

/// <summary>-it through a real pseudo-terminal (util-linux script), for run and exec.</summary>
[Trait("Category", "Integration")]
public sealed class TtyTests : IClassFixture<BerthdFixture>
{
    private readonly BerthdFixture _d;

    public TtyTests(BerthdFixture daemon) => _d = daemon;

    private ProcessRunner.Result Script(string command, string input) =>
        ProcessRunner.Shell($"(sleep 1; printf '{input}') | script -qec \"{command}\" /dev/null", _d.Env, TimeSpan.FromSeconds(30));

    [Fact]
    public void RunDashItGivesAShellOnATerminal()
    {
        var r = Script("docker run -it --rm busybox sh", "tty; echo marker-$((40+2)); exit 3\\n");
        Assert.Contains("/dev/pts/0", r.Out);
        Assert.Contains("marker-42", r.Out);
        Assert.Equal(3, r.Code);
    }

    [Fact]
    public void ExecDashItJoinsTheContainer()
    {
        Assert.Equal(0, _d.Docker("run", "-d", "--name", "tty-exec", "busybox", "sleep", "300").Code);
        try
        {
            var r = Script("docker exec -it tty-exec sh", "tty; cat /proc/1/cmdline; echo; exit 5\\n");
            Assert.Contains("/dev/pts/", r.Out);
            Assert.Contains("sleep300", r.Out.Replace("\0", ""));
            Assert.Equal(5, r.Code);
        }
        finally { _d.Docker("rm", "-f", "tty-exec"); }
    }
}
