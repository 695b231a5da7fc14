namespace Berth.Network.Files;

/// <summary><c>--dns</c>, <c>--dns-search</c>, <c>--dns-option</c> of a container; empty lists mean "as the host".</summary>
public sealed record DnsSettings(IReadOnlyList<string> Servers, IReadOnlyList<string> Search, IReadOnlyList<string> Options)
{
    public static DnsSettings None { get; } = new([], [], []);
}
