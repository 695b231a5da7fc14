using System.Net;

namespace Berth.Network.Ipam;

/// <summary>
/// A range that subnets are carved from: <c>--default-address-pool base=10.80.0.0/12,size=20</c> gives 256 subnets
/// of /20.
/// </summary>
public sealed record AddressPool(IPNetwork Base, int Size)
{
    /// <summary>Berth's defaults: clear of Docker's 172.17-31/16 and 192.168/16 pools, so both run side by side.</summary>
    public static IReadOnlyList<AddressPool> Defaults { get; } =
    [
        new(IPNetwork.Parse("10.80.0.0/12"), 20),
    ];

    /// <summary>Default pool for IPv6 networks created without a subnet: ULA /64s.</summary>
    public static IReadOnlyList<AddressPool> DefaultsV6 { get; } =
    [
        new(IPNetwork.Parse("fd62:6572:7468::/48"), 64),
    ];

    /// <summary>Parses the daemon flag form <c>base=CIDR,size=N</c>.</summary>
    public static AddressPool Parse(string text)
    {
        string? @base = null;
        int size = -1;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=');
            if (eq < 0) throw NetworkException.Invalid($"invalid address pool: {text}");
            string key = part[..eq], value = part[(eq + 1)..];
            if (key == "base") @base = value;
            else if (key == "size" && int.TryParse(value, out int s)) size = s;
            else throw NetworkException.Invalid($"invalid address pool: {text}");
        }
        if (@base is null || size < 0) throw NetworkException.Invalid($"invalid address pool: {text}: base and size are required");
        var network = IpMath.ParseNetwork(@base, "address pool base");
        if (size < network.PrefixLength || size > IpMath.Bits(network.BaseAddress.AddressFamily))
            throw NetworkException.Invalid($"invalid address pool: {text}: size {size} does not fit in {network}");
        return new AddressPool(network, size);
    }

    public override string ToString() => $"base={Base},size={Size}";
}
