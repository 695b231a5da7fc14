namespace Berth.Linux.Netlink;

/// <summary>A network interface as rtnetlink reports it.</summary>
public sealed record LinkInfo(int Index, string Name, string? Kind, int Mtu, byte[]? MacAddress, int MasterIndex,
    uint Flags, string? Alias)
{
    public bool IsUp => (Flags & 0x1) != 0;

    public string MacText => MacAddress is null ? "" : string.Join(':', MacAddress.Select(b => b.ToString("x2")));
}
