using Berth.Engine.Containers;
using Berth.Engine.Errors;

namespace Berth.Engine.Tests.Containers;

/// <summary>docker top's ps output filtering and docker stats' /proc parsing, as moby does them.</summary>
public sealed class TopAndStatsParsingTests
{
    private const string PsEf = """
        UID          PID    PPID  C STIME TTY          TIME CMD
        root           1       0  0 19:00 ?        00:00:01 /sbin/init
        root        4242    4200  0 19:59 ?        00:00:00 sleep 1000
        root        4243    4242  0 19:59 pts/0    00:00:00 sh -c echo hi there
        """;

    [Fact]
    public void TopKeepsOnlyTheContainersProcessesAndJoinsTheCommand()
    {
        var top = ContainerService.ParsePsOutput(PsEf.Replace("\r", ""), [4242, 4243]);
        Assert.Equal(["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"], top.Titles);
        Assert.Equal(2, top.Processes!.Count);
        Assert.Equal("sleep 1000", top.Processes[0][7]);
        Assert.Equal("sh -c echo hi there", top.Processes[1][7]);
    }

    [Fact]
    public void TopKeepsThreadLinesOfItsProcesses()
    {
        string ps = "USER PID TID CMD\nroot 7 - sleep\nroot - 7 -\nroot 8 - other\nroot - 8 -\n";
        var top = ContainerService.ParsePsOutput(ps, [7]);
        Assert.Equal(2, top.Processes!.Count);
    }

    [Fact]
    public void TopRefusesOutputWithoutPidAndOptionsOtherThanPid()
    {
        Assert.Throws<EngineException>(() => ContainerService.ParsePsOutput("USER CMD\nroot sleep\n", [1]));
        ContainerService.ValidatePsArgs("-o pid=PID,comm");
        ContainerService.ValidatePsArgs("aux");
        var e = Assert.Throws<EngineException>(() => ContainerService.ValidatePsArgs("-o user= PID"));
        Assert.Contains("is not allowed", e.Message);
    }

    [Fact]
    public void SystemCpuSumsSevenFieldsInNanoseconds()
    {
        string stat = "cpu  100 2 30 400 5 6 7 8 0 0\ncpu0 50 1 15 200 2 3 3 4 0 0\ncpu1 50 1 15 200 3 3 4 4 0 0\nintr 1\n";
        var (usage, cpus) = ContainerService.SystemCpu(stat);
        Assert.Equal((100L + 2 + 30 + 400 + 5 + 6 + 7) * 10_000_000, usage);
        Assert.Equal(2, cpus);
    }

    [Fact]
    public void NetworkStatsLeaveLoopbackOut()
    {
        string dev = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:     100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0
              eth0:    2048      16    1    2    0     0          0         0     4096      32    3    4    0     0       0          0
            """;
        var stats = ContainerService.NetworkStats(1, dev.Replace("\r", ""))!;
        Assert.Single(stats);
        Assert.Equal(2048, stats["eth0"].RxBytes);
        Assert.Equal(16, stats["eth0"].RxPackets);
        Assert.Equal(4096, stats["eth0"].TxBytes);
        Assert.Equal(4, stats["eth0"].TxDropped);
        Assert.Null(ContainerService.NetworkStats(1, "h1\nh2\n    lo: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n"));
    }
}
