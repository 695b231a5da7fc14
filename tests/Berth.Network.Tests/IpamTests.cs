using System.Net;
using Berth.Network;
using Berth.Network.Ipam;

namespace Berth.Network.Tests;

public class IpamTests
{
    private static IPNetwork N(string s) => IPNetwork.Parse(s);

    [Fact]
    public void FindFree_SkipsSubnetsInUseAndHostRoutes()
    {
        var pools = new[] { new AddressPool(N("10.80.0.0/16"), 24) };
        var inUse = new[] { N("10.80.0.0/24"), N("10.80.1.0/25") };
        Assert.Equal(N("10.80.2.0/24"), SubnetAllocator.FindFree(pools, inUse));
    }

    [Fact]
    public void FindFree_JumpsPastABigRoute()
    {
        var pools = new[] { new AddressPool(N("10.0.0.0/8"), 24) };
        var inUse = new[] { N("10.0.0.0/9") };
        Assert.Equal(N("10.128.0.0/24"), SubnetAllocator.FindFree(pools, inUse));
    }

    [Fact]
    public void FindFree_FallsToNextPoolAndReportsExhaustion()
    {
        var pools = new[] { new AddressPool(N("10.1.0.0/23"), 24), new AddressPool(N("10.9.0.0/24"), 24) };
        Assert.Equal(N("10.9.0.0/24"), SubnetAllocator.FindFree(pools, [N("10.1.0.0/24"), N("10.1.1.0/24")]));
        Assert.Null(SubnetAllocator.FindFree(pools, [N("10.1.0.0/16"), N("10.9.0.0/24")]));
    }

    [Fact]
    public void FindFree_DefaultBridgeAvoidsDockers172_17()
    {
        var dockerRoutes = new[] { N("172.17.0.0/16"), N("192.0.2.0/24") };
        var free = SubnetAllocator.FindFree([new AddressPool(N("10.77.0.0/16"), 16), .. AddressPool.Defaults], dockerRoutes);
        Assert.Equal(N("10.77.0.0/16"), free);
        Assert.Equal(N("10.80.0.0/20"), SubnetAllocator.FindFree([new AddressPool(N("10.77.0.0/16"), 16), .. AddressPool.Defaults], [N("10.77.5.0/24")]));
    }

    [Fact]
    public void FindFree_IPv6()
    {
        var free = SubnetAllocator.FindFree(AddressPool.DefaultsV6, [N("fd62:6572:7468::/64")]);
        Assert.Equal(N("fd62:6572:7468:1::/64"), free);
    }

    [Fact]
    public void Overlap()
    {
        Assert.True(IpMath.Overlaps(N("10.0.0.0/8"), N("10.3.0.0/16")));
        Assert.True(IpMath.Overlaps(N("10.3.0.0/16"), N("10.0.0.0/8")));
        Assert.False(IpMath.Overlaps(N("10.0.0.0/16"), N("10.1.0.0/16")));
        Assert.False(IpMath.Overlaps(N("10.0.0.0/16"), N("fd00::/8")));
    }

    [Fact]
    public void SubnetPlan_DefaultGatewayIsFirstHost()
    {
        var plan = SubnetPlan.FromConfig(N("10.5.0.0/24"), null, null, configured: true);
        Assert.Equal(IPAddress.Parse("10.5.0.1"), plan.Gateway);
    }

    [Theory]
    [InlineData("10.6.0.1", "gateway 10.6.0.1 is not in subnet 10.5.0.0/24")]
    [InlineData("10.5.0.0", "gateway 10.5.0.0 is the network or broadcast address of 10.5.0.0/24")]
    [InlineData("10.5.0.255", "gateway 10.5.0.255 is the network or broadcast address of 10.5.0.0/24")]
    [InlineData("nope", "invalid gateway: nope")]
    public void SubnetPlan_RefusesBadGateways(string gateway, string message)
    {
        var e = Assert.Throws<NetworkException>(() => SubnetPlan.FromConfig(N("10.5.0.0/24"), gateway, null, true));
        Assert.Equal(NetworkErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void SubnetPlan_RefusesRangeOutsideSubnetAndHostBits()
    {
        Assert.Equal("ip range 10.6.0.0/25 is not in subnet 10.5.0.0/24",
            Assert.Throws<NetworkException>(() => SubnetPlan.FromConfig(N("10.5.0.0/24"), null, "10.6.0.0/25", true)).Message);
        Assert.Equal("invalid subnet 10.5.0.7/24: it should be 10.5.0.0/24",
            Assert.Throws<NetworkException>(() => SubnetPlan.ParseSubnet("10.5.0.7/24")).Message);
        Assert.Throws<NetworkException>(() => SubnetPlan.ParseSubnet("10.5.0.0/33"));
    }

    [Fact]
    public void Allocator_SkipsReservedAndRolls()
    {
        var plan = SubnetPlan.FromConfig(N("10.5.0.0/29"), null, null, true);
        var used = new HashSet<UInt128>();
        var got = new List<string>();
        UInt128 after = 0;
        for (int i = 0; i < 5; i++)
        {
            var a = AddressAllocator.Next(plan, used, after)!;
            got.Add(a.ToString());
            used.Add(IpMath.ToNumber(a));
            after = IpMath.ToNumber(a);
        }
        // .0 network, .1 gateway, .7 broadcast: five usable.
        Assert.Equal(["10.5.0.2", "10.5.0.3", "10.5.0.4", "10.5.0.5", "10.5.0.6"], got);
        Assert.Null(AddressAllocator.Next(plan, used, after));
        // Released .3 is found again only after wrapping around.
        used.Remove(IpMath.ToNumber(IPAddress.Parse("10.5.0.3")));
        Assert.Equal("10.5.0.3", AddressAllocator.Next(plan, used, after)!.ToString());
    }

    [Fact]
    public void Allocator_UsesRange()
    {
        var plan = SubnetPlan.FromConfig(N("10.5.0.0/24"), null, "10.5.0.128/30", true);
        var used = new HashSet<UInt128>();
        var a = AddressAllocator.Next(plan, used, 0)!;
        Assert.Equal("10.5.0.128", a.ToString());
        used.Add(IpMath.ToNumber(a));
        for (int i = 0; i < 3; i++) used.Add(IpMath.ToNumber(AddressAllocator.Next(plan, used, 0)!));
        Assert.Null(AddressAllocator.Next(plan, used, 0));
    }

    [Fact]
    public void Allocator_StaticChecks()
    {
        var plan = SubnetPlan.FromConfig(N("10.5.0.0/24"), null, null, true);
        var used = new HashSet<UInt128> { IpMath.ToNumber(IPAddress.Parse("10.5.0.9")) };
        Assert.Null(AddressAllocator.CheckStatic(plan, IPAddress.Parse("10.5.0.10"), used));
        Assert.Contains("already in use", AddressAllocator.CheckStatic(plan, IPAddress.Parse("10.5.0.9"), used));
        Assert.Contains("gateway", AddressAllocator.CheckStatic(plan, IPAddress.Parse("10.5.0.1"), used));
        Assert.Contains("not in subnet", AddressAllocator.CheckStatic(plan, IPAddress.Parse("10.6.0.1"), used));
    }

    [Fact]
    public void Allocator_IPv6()
    {
        var plan = SubnetPlan.FromConfig(N("fd00:1::/64"), null, null, true);
        Assert.Equal("fd00:1::1", plan.Gateway.ToString());
        Assert.Equal("fd00:1::2", AddressAllocator.Next(plan, new HashSet<UInt128>(), 0)!.ToString());
    }

    [Fact]
    public void AddressPool_Parse()
    {
        var p = AddressPool.Parse("base=10.10.0.0/16,size=24");
        Assert.Equal(N("10.10.0.0/16"), p.Base);
        Assert.Equal(24, p.Size);
        Assert.Throws<NetworkException>(() => AddressPool.Parse("base=10.10.0.0/16,size=8"));
        Assert.Throws<NetworkException>(() => AddressPool.Parse("size=24"));
    }
}
