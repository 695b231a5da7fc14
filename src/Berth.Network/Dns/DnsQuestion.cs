namespace Berth.Network.Dns;

public sealed record DnsQuestion(string Name, ushort Type, ushort Class = DnsType.ClassIN);
