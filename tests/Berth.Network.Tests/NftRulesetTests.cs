using System.Net;
using Berth.Network.Firewall;

namespace Berth.Network.Tests;

public class NftRulesetTests
{
    private static readonly FirewallModel Model = new("berth",
        [
            new FirewallNetwork("berth0", [IPNetwork.Parse("10.77.0.0/16")], Internal: false),
            new FirewallNetwork("br-abc", [IPNetwork.Parse("10.80.0.0/20"), IPNetwork.Parse("fd62::/64")], Internal: false),
            new FirewallNetwork("br-int", [IPNetwork.Parse("10.80.16.0/20")], Internal: true),
        ],
        [
            new FirewallPort("tcp", IPAddress.Any, 8080, IPAddress.Parse("10.77.0.2"), 80, "berth0"),
            new FirewallPort("udp", IPAddress.Loopback, 5353, IPAddress.Parse("10.80.0.3"), 53, "br-abc"),
            new FirewallPort("tcp", IPAddress.IPv6Any, 8080, IPAddress.Parse("fd62::3"), 80, "br-abc"),
        ]);

    private static readonly string Script = NftRuleset.Render(Model);

    [Fact]
    public void ReplacesTheWholeTableInOneScript()
    {
        Assert.StartsWith("table inet berth {}\ndelete table inet berth\ntable inet berth {\n", Script);
        Assert.Contains("elements = { \"berth0\", \"br-abc\", \"br-int\" }", Script);
        Assert.Equal(Script.Count(c => c == '{'), Script.Count(c => c == '}'));
    }

    [Fact]
    public void PublishesPortsForEveryLocalAddressIncludingLoopback()
    {
        Assert.Contains("chain prerouting {\n    type nat hook prerouting priority dstnat; policy accept;\n    fib daddr type local jump published", Script);
        Assert.Contains("chain output {\n    type nat hook output priority -100; policy accept;\n    fib daddr type local jump published", Script);
        Assert.Contains("    meta nfproto ipv4 tcp dport 8080 dnat ip to 10.77.0.2:80\n", Script);
        Assert.Contains("    meta nfproto ipv4 ip daddr 127.0.0.1 udp dport 5353 dnat ip to 10.80.0.3:53\n", Script);
        Assert.Contains("    meta nfproto ipv6 tcp dport 8080 dnat ip6 to [fd62::3]:80\n", Script);
        Assert.Contains("    oifname \"berth0\" ip saddr 127.0.0.0/8 masquerade\n", Script);
    }

    [Fact]
    public void MasqueradesOutboundButNotInternalNetworks()
    {
        Assert.Contains("    oifname != \"berth0\" ip saddr 10.77.0.0/16 masquerade\n", Script);
        Assert.Contains("    oifname != \"br-abc\" ip6 saddr fd62::/64 masquerade\n", Script);
        Assert.DoesNotContain("oifname != \"br-int\"", Script);
        Assert.Contains("    oifname \"br-int\" ct status dnat ip saddr 10.80.16.0/20 masquerade\n", Script);
    }

    [Fact]
    public void IsolatesNetworks()
    {
        Assert.Contains("    iifname \"br-abc\" jump from_br_abc\n    oifname \"br-abc\" jump to_br_abc\n", Script);
        Assert.Contains("  chain from_br_abc {\n    oifname \"br-abc\" accept\n    ct status dnat accept\n    oifname @bridges drop\n    accept\n  }", Script);
        Assert.Contains("  chain to_br_abc {\n    ct state established,related accept\n    ct status dnat accept\n    drop\n  }", Script);
        Assert.Contains("  chain from_br_int {\n    oifname \"br-int\" accept\n    drop\n  }", Script);
        Assert.Contains("  chain to_br_int {\n    drop\n  }", Script);
    }

    [Fact]
    public void NoInterContainerTrafficWhenIccIsOff()
    {
        var script = NftRuleset.Render(new FirewallModel("t", [new FirewallNetwork("b", [IPNetwork.Parse("10.0.0.0/24")], false, InterContainer: false)], []));
        Assert.Contains("  chain from_b {\n    oifname \"b\" drop\n", script);
    }

    [Fact]
    public void EmptyModelStillDefinesTheTable()
    {
        var script = NftRuleset.Render(new FirewallModel("t", [], []));
        Assert.Contains("set bridges {\n    type ifname\n  }", script);
        Assert.DoesNotContain("elements", script);
    }
}
