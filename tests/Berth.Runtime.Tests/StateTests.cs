using System.Text.Json;
using Berth.Oci.Runtime;
using Berth.Runtime.Init;
using Berth.Runtime.Json;
using Berth.Runtime.State;

namespace Berth.Runtime.Tests;

public sealed class StateTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-state-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("abc", true)]
    [InlineData("a-b_c.d+e", true)]
    [InlineData("A1", true)]
    [InlineData("", false)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("a/b", false)]
    [InlineData("a b", false)]
    [InlineData("é", false)]
    public void IdRules(string id, bool valid) => Assert.Equal(valid, ContainerId.IsValid(id));

    [Fact]
    public void StatusNamesAreTheOciOnes()
    {
        foreach (var s in Enum.GetValues<ContainerStatus>()) Assert.Equal(s, ContainerStatusNames.Parse(s.ToOci()));
        Assert.Equal(["creating", "created", "running", "paused", "stopped"], Enum.GetValues<ContainerStatus>().Select(s => s.ToOci()));
    }

    [Fact]
    public void StoreRoundTripAndUsedIds()
    {
        var store = new StateStore(_root);
        store.CreateDir("c1");
        var e = Assert.Throws<RuntimeException>(() => store.CreateDir("c1"));
        Assert.Equal("container with id exists: c1", e.Message);
        Assert.Equal(RuntimeErrorKind.AlreadyExists, e.Kind);
        store.Save(new ContainerRecord { Id = "c1", Pid = 42, Status = "created", Bundle = "/b", Annotations = new() { ["k"] = "v" } });
        var back = store.Load("c1");
        Assert.Equal(42, back.Pid);
        Assert.Equal("v", back.Annotations!["k"]);
        Assert.Equal(["c1"], store.Ids());
        Assert.Empty(Directory.GetFiles(store.Dir("c1"), "*.tmp"));
        store.Remove("c1");
        Assert.Equal(RuntimeErrorKind.NotFound, Assert.Throws<RuntimeException>(() => store.Load("c1")).Kind);
    }

    [Fact]
    public void StoppedWhenTheInitIsGoneOrItsPidWasReused()
    {
        var runtime = new LinuxRuntime(new RuntimeOptions { Root = _root });
        var store = new StateStore(_root);
        store.CreateDir("gone");
        store.Save(new ContainerRecord { Id = "gone", Pid = int.MaxValue - 1, Status = "running", CgroupPath = "/nonexistent/x" });
        Assert.Equal("stopped", runtime.State("gone").Status);
        Assert.Equal(0, runtime.State("gone").Pid);
        // Our own pid, but a different start time: another process.
        store.CreateDir("reused");
        store.Save(new ContainerRecord { Id = "reused", Pid = Environment.ProcessId, PidStartTime = 1, Status = "running", CgroupPath = "/nonexistent/x" });
        Assert.Equal("stopped", runtime.State("reused").Status);
        store.CreateDir("alive");
        ulong start = Berth.Linux.Processes.ProcStat.TryRead(Environment.ProcessId)!.Value.StartTime;
        store.Save(new ContainerRecord { Id = "alive", Pid = Environment.ProcessId, PidStartTime = start, Status = "running", CgroupPath = "/nonexistent/x" });
        Assert.Equal("running", runtime.State("alive").Status);
        Assert.Equal(3, runtime.List().Count);
    }

    [Fact]
    public void TransitionsRefuseWrongStates()
    {
        var runtime = new LinuxRuntime(new RuntimeOptions { Root = _root });
        var store = new StateStore(_root);
        store.CreateDir("s");
        store.Save(new ContainerRecord { Id = "s", Pid = int.MaxValue - 1, Status = "created", CgroupPath = "/nonexistent/x" });
        Assert.Equal("cannot start a container that has stopped", Assert.Throws<RuntimeException>(() => runtime.Start("s")).Message);
        Assert.Equal("container not running", Assert.Throws<RuntimeException>(() => runtime.Kill("s", 15, false)).Message);
        Assert.Contains("container not running", Assert.Throws<RuntimeException>(() => runtime.Pause("s")).Message);
        Assert.Contains("cannot exec in a stopped container", Assert.Throws<RuntimeException>(() => runtime.Exec("s", new RuntimeProcess { Args = ["true"] }, new ExecOptions())).Message);
        Assert.Equal(RuntimeErrorKind.NotFound, Assert.Throws<RuntimeException>(() => runtime.State("nope")).Kind);
    }

    [Fact]
    public void RuncStateJsonShape()
    {
        var s = new RuntimeState { OciVersion = "1.2.0", Id = "x", Pid = 5, Status = "running", Bundle = "/b", Rootfs = "/b/r", Created = "2024-01-01T00:00:00.5Z" };
        string json = JsonSerializer.Serialize(s, RuntimeStoreJsonContext.Default.RuntimeState);
        Assert.Equal("{\"ociVersion\":\"1.2.0\",\"id\":\"x\",\"pid\":5,\"status\":\"running\",\"bundle\":\"/b\",\"rootfs\":\"/b/r\",\"created\":\"2024-01-01T00:00:00.5Z\",\"owner\":\"\"}", json);
        Assert.Equal("2024-01-02T03:04:05.1234567Z", LinuxRuntime.FormatTime(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234567)));
        Assert.Equal("2024-01-02T03:04:05Z", LinuxRuntime.FormatTime(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc)));
    }

    [Fact]
    public void DefaultDeviceRulesFollowTheSpecRules()
    {
        var r = LinuxRuntime.WithDefaultDevices(new LinuxResources { Devices = [new LinuxDeviceCgroup { Allow = false, Access = "rwm" }] });
        Assert.False(r.Devices![0].Allow);
        Assert.Contains(r.Devices, d => d.Allow && d.Major == 1 && d.Minor == 3);
        Assert.Contains(r.Devices, d => d.Allow && d.Major == 136 && d.Minor is null);
        var none = new LinuxResources();
        Assert.Same(none, LinuxRuntime.WithDefaultDevices(none));
    }

    [Fact]
    public void CgroupPathDefaultsUnderBerthRuntime()
    {
        Assert.Equal("/berth-runtime/c", LinuxRuntime.CgroupPathFor("c", null));
        Assert.Equal("/docker/abc", LinuxRuntime.CgroupPathFor("c", "/docker/abc"));
        Assert.Equal("/rel/x", LinuxRuntime.CgroupPathFor("c", "rel/x"));
    }
}
