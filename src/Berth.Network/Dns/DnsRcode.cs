namespace Berth.Network.Dns;

/// <summary>DNS response codes (RFC 1035 4.1.1).</summary>
public static class DnsRcode
{
    public const int NoError = 0, FormErr = 1, ServFail = 2, NxDomain = 3, NotImp = 4, Refused = 5;
}
