using Berth.Engine.Containers;
using Berth.Engine.Errors;
using Berth.Engine.Model;
using OciConfig = Berth.Oci.Images.ContainerConfig;

namespace Berth.Engine.Tests.Containers;

/// <summary>moby's rules for docker update (what changes, what conflicts) and for the config of docker commit.</summary>
public sealed class UpdateAndCommitRulesTests
{
    private static Container ContainerWith(HostConfig hc) => new(new ContainerRecord { Id = "c1", HostConfig = hc });

    [Fact]
    public void OnlyGivenFieldsChange()
    {
        var c = ContainerWith(new HostConfig { Memory = 64 << 20, MemorySwap = 128 << 20, CpuShares = 512, RestartPolicy = new RestartPolicy { Name = "no" } });
        ContainerService.ApplyUpdate(c, new HostConfig { CpuShares = 1024, PidsLimit = 50, RestartPolicy = new RestartPolicy { Name = "always" } });
        var hc = c.Record.HostConfig;
        Assert.Equal(1024, hc.CpuShares);
        Assert.Equal(64 << 20, hc.Memory);
        Assert.Equal(50, hc.PidsLimit);
        Assert.Equal("always", hc.RestartPolicy!.Name);
    }

    [Fact]
    public void MemoryAboveTheSwapNeedsANewSwap()
    {
        var c = ContainerWith(new HostConfig());
        var e = Assert.Throws<EngineException>(() => ContainerService.ApplyUpdate(c, new HostConfig { Memory = 64 << 20 }));
        Assert.Contains("update the memoryswap at the same time", e.Message);
        ContainerService.ApplyUpdate(c, new HostConfig { Memory = 64 << 20, MemorySwap = 128 << 20 });
        Assert.Equal(64 << 20, c.Record.HostConfig.Memory);
    }

    [Fact]
    public void NanoCpusAndPeriodExcludeEachOther()
    {
        var c = ContainerWith(new HostConfig { NanoCpus = 500_000_000 });
        var e = Assert.Throws<EngineException>(() => ContainerService.ApplyUpdate(c, new HostConfig { CpuPeriod = 100_000 }));
        Assert.Equal("Conflicting options: CPU Period cannot be updated as NanoCPUs has already been set", e.Message);
    }

    [Fact]
    public void RestartPolicyCannotBeSetWithAutoRemove()
    {
        var c = ContainerWith(new HostConfig { AutoRemove = true });
        Assert.Throws<EngineException>(() => ContainerService.ApplyUpdate(c, new HostConfig { RestartPolicy = new RestartPolicy { Name = "always" } }));
    }

    [Fact]
    public void CgroupUpdateCarriesOnlyWhatWasAsked()
    {
        var r = ContainerService.UpdateResources(new HostConfig { NanoCpus = 1_500_000_000, PidsLimit = 0 });
        Assert.Null(r.Memory);
        Assert.Equal(150_000, r.Cpu!.Quota);
        Assert.Equal(100_000UL, r.Cpu.Period);
        Assert.Equal(-1, r.Pids!.Limit);
    }

    [Fact]
    public void CommitConfigFillsWhatTheRequestLeftEmpty()
    {
        var user = new OciConfig { Cmd = ["echo", "hi"], Env = ["A=1"], Labels = new() { ["x"] = "1" } };
        var container = new OciConfig
        {
            Cmd = ["sleep", "1"], Entrypoint = null, Env = ["A=0", "PATH=/bin"], WorkingDir = "/w", User = "nobody",
            Labels = new() { ["x"] = "0", ["y"] = "2" }, Hostname = "abc", StopSignal = "SIGINT",
        };
        ContainerService.MergeCommitConfig(user, container);
        Assert.Equal(["echo", "hi"], user.Cmd);
        Assert.Equal(["A=1", "PATH=/bin"], user.Env);
        Assert.Equal("/w", user.WorkingDir);
        Assert.Equal("nobody", user.User);
        Assert.Equal("1", user.Labels!["x"]);
        Assert.Equal("2", user.Labels["y"]);
        Assert.Equal("SIGINT", user.StopSignal);
    }
}
