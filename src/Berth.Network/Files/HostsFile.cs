using System.Net;
using System.Text;

namespace Berth.Network.Files;

/// <summary>A container's /etc/hosts, laid out as Docker's.</summary>
public static class HostsFile
{
    private const string Defaults =
        "127.0.0.1\tlocalhost\n" +
        "::1\tlocalhost ip6-localhost ip6-loopback\n" +
        "fe00::0\tip6-localnet\n" +
        "ff00::0\tip6-mcastprefix\n" +
        "ff02::1\tip6-allnodes\n" +
        "ff02::2\tip6-allrouters\n";

    /// <param name="hostname">The container's hostname (<c>--hostname</c>, or its short id).</param>
    /// <param name="domainname">Its domain (<c>--domainname</c>), or null.</param>
    /// <param name="addresses">The container's own addresses, one line each.</param>
    /// <param name="extraHosts">--add-host entries.</param>
    /// <param name="links">Legacy links: an address and the names it answers to.</param>
    public static string Build(string hostname, string? domainname, IEnumerable<IPAddress> addresses,
        IEnumerable<ExtraHost> extraHosts, IEnumerable<(IPAddress Address, IReadOnlyList<string> Names)> links)
    {
        var sb = new StringBuilder(Defaults);
        foreach (var h in extraHosts) sb.Append(h.Address).Append('\t').Append(h.Name).Append('\n');
        foreach (var (address, names) in links) sb.Append(address).Append('\t').Append(string.Join(' ', names.Distinct())).Append('\n');
        string names0 = string.IsNullOrEmpty(domainname) ? hostname : $"{hostname}.{domainname} {hostname}";
        foreach (var a in addresses) sb.Append(a).Append('\t').Append(names0).Append('\n');
        return sb.ToString();
    }
}
