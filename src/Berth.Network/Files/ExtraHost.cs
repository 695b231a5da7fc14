using System.Net;

namespace Berth.Network.Files;

/// <summary>One <c>--add-host name:ip</c> entry.</summary>
public sealed record ExtraHost(string Name, string Address)
{
    /// <summary>Parses <c>name:ip</c> or <c>name=ip</c> (IPv6 may be bracketed); <c>host-gateway</c> is replaced by <paramref name="hostGateway"/>.</summary>
    public static ExtraHost Parse(string text, string? hostGateway = null)
    {
        int sep = text.IndexOf('=');
        if (sep < 0) sep = text.IndexOf(':');
        if (sep <= 0 || sep == text.Length - 1) throw NetworkException.Invalid($"invalid extra host: {text}");
        string name = text[..sep], address = text[(sep + 1)..].Trim('[', ']');
        if (address == "host-gateway")
        {
            if (hostGateway is null) throw NetworkException.Invalid($"invalid extra host: {text}: no host gateway address");
            address = hostGateway;
        }
        if (!IPAddress.TryParse(address, out _)) throw NetworkException.Invalid($"invalid ip address in extra host: {text}");
        return new ExtraHost(name, address);
    }
}
