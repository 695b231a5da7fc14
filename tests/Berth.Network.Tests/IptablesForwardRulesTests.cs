using Berth.Network.Firewall;

namespace Berth.Network.Tests;

/// <summary>The dockerd coexistence rules, against a stand-in iptables command that records what it is asked.</summary>
public class IptablesForwardRulesTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "berth-ipt-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, true);

    private (IptablesForwardRules Rules, string Log) Fake(string listing)
    {
        Directory.CreateDirectory(_dir);
        string log = Path.Combine(_dir, "log");
        File.WriteAllText(Path.Combine(_dir, "listing"), listing);
        string script = Path.Combine(_dir, "iptables");
        File.WriteAllText(script, $"#!/bin/sh\nif [ \"$4\" = \"-S\" ]; then cat '{_dir}/listing'; exit 0; fi\necho \"$@\" >> '{log}'\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return (new IptablesForwardRules("berth", script), log);
    }

    private static string Read(string log) => File.Exists(log) ? File.ReadAllText(log) : "";

    [Fact]
    public void InsertsAcceptRulesInDockerUserWhenDockerdIsThere()
    {
        var (rules, log) = Fake("-P INPUT ACCEPT\n-P FORWARD DROP\n-P OUTPUT ACCEPT\n-N DOCKER-USER\n-A FORWARD -j DOCKER-USER\n-A DOCKER-USER -j RETURN\n");
        var done = rules.Sync(["berth0"]);
        Assert.Equal(2, done.Count);
        Assert.Equal(
            "-w -t filter -I DOCKER-USER 1 -i berth0 -m comment --comment berth -j ACCEPT\n" +
            "-w -t filter -I DOCKER-USER 1 -o berth0 -m comment --comment berth -j ACCEPT\n", Read(log));
    }

    [Fact]
    public void UsesForwardWhenOnlyThePolicyDrops()
    {
        var (rules, log) = Fake("-P FORWARD DROP\n");
        rules.Sync(["br-1"]);
        Assert.Contains("-I FORWARD 1 -i br-1 -m comment --comment berth -j ACCEPT", Read(log));
    }

    [Fact]
    public void LeavesAHostWithoutIptablesUsersAlone()
    {
        var (rules, log) = Fake("-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n");
        Assert.Empty(rules.Sync(["berth0"]));
        Assert.Equal("", Read(log));
    }

    [Fact]
    public void RemovesRulesOfBridgesThatAreGoneAndKeepsTheRest()
    {
        var (rules, log) = Fake("-P FORWARD DROP\n-N DOCKER-USER\n" +
            "-A DOCKER-USER -i old -m comment --comment berth -j ACCEPT\n" +
            "-A DOCKER-USER -i keep -m comment --comment berth -j ACCEPT\n" +
            "-A DOCKER-USER -o keep -m comment --comment berth -j ACCEPT\n" +
            "-A DOCKER-USER -i other -m comment --comment someone -j ACCEPT\n");
        rules.Sync(["keep"]);
        Assert.Equal("-w -t filter -D DOCKER-USER -i old -m comment --comment berth -j ACCEPT\n", Read(log));
    }
}
