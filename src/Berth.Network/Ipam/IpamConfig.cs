namespace Berth.Network.Ipam;

/// <summary>One subnet requested for a network (<c>--subnet --ip-range --gateway</c>); all optional.</summary>
public sealed record IpamConfig(string? Subnet = null, string? IpRange = null, string? Gateway = null);
