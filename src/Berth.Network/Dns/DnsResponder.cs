using System.Net;
using System.Net.Sockets;

namespace Berth.Network.Dns;

/// <summary>Answers a query from the catalog, or says it must be forwarded. No I/O: unit-tested as is.</summary>
public static class DnsResponder
{
    /// <summary>Docker's embedded server answers with a TTL of 600 s.</summary>
    public const uint Ttl = 600;

    /// <summary>
    /// The response bytes for a query answered locally (names of containers, malformed queries), or null when the
    /// query is for someone else and must be forwarded.
    /// </summary>
    public static byte[]? TryAnswer(ReadOnlySpan<byte> queryBytes, IDnsCatalog catalog, string sandboxId, int maxSize)
    {
        if (!DnsMessage.TryParse(queryBytes, out var query) || query.IsResponse)
        {
            if (queryBytes.Length < 12) return null;
            // Echo the id with FORMERR so the client does not wait for a timeout.
            var bad = new DnsMessage { Id = (ushort)(queryBytes[0] << 8 | queryBytes[1]), IsResponse = true, Rcode = DnsRcode.FormErr };
            return bad.Encode();
        }
        if (query.Opcode != 0 || query.Questions.Count != 1) return query.CreateResponse(DnsRcode.NotImp).Encode(maxSize);
        var q = query.Questions[0];
        string name = q.Name.TrimEnd('.');

        if (q.Type == DnsType.PTR)
        {
            var address = ParseReverseName(name);
            if (address is null) return null;
            string? target = catalog.ReverseLookup(sandboxId, address);
            if (target is null) return null;
            var ptr = query.CreateResponse(DnsRcode.NoError);
            ptr.Answers.Add(DnsRecord.Pointer(q.Name, target, Ttl));
            return ptr.Encode(maxSize);
        }

        var addresses = catalog.Lookup(sandboxId, name);
        if (addresses is null) return null;
        var response = query.CreateResponse(DnsRcode.NoError);
        // A container name is ours: answer A/AAAA from the table, and any other type with no data, never forwarding
        // it (the host's resolvers would leak or contradict our names).
        AddressFamily? family = q.Type switch
        {
            DnsType.A => AddressFamily.InterNetwork,
            DnsType.AAAA => AddressFamily.InterNetworkV6,
            _ => null,
        };
        if (family is not null || q.Type == DnsType.ANY)
        {
            foreach (var a in Shuffle(addresses))
            {
                if (family is null || a.AddressFamily == family) response.Answers.Add(DnsRecord.Address(q.Name, a, Ttl));
            }
        }
        return response.Encode(maxSize);
    }

    /// <summary>A SERVFAIL for a query that could not be forwarded (no upstream answered, or forwarding is off).</summary>
    public static byte[] ServerFailure(ReadOnlySpan<byte> queryBytes)
    {
        if (DnsMessage.TryParse(queryBytes, out var query)) return query.CreateResponse(DnsRcode.ServFail).Encode();
        return new DnsMessage { Id = (ushort)(queryBytes[0] << 8 | queryBytes[1]), IsResponse = true, Rcode = DnsRcode.ServFail }.Encode();
    }

    /// <summary>Round-robin for names with several addresses (an alias shared by replicas), as Docker does.</summary>
    private static IEnumerable<IPAddress> Shuffle(IReadOnlyList<IPAddress> addresses)
    {
        if (addresses.Count < 2) return addresses;
        var copy = addresses.ToArray();
        Random.Shared.Shuffle(copy);
        return copy;
    }

    /// <summary>4.3.2.1.in-addr.arpa → 1.2.3.4; the nibble form of ip6.arpa → the IPv6 address; otherwise null.</summary>
    public static IPAddress? ParseReverseName(string name)
    {
        const string v4 = ".in-addr.arpa", v6 = ".ip6.arpa";
        if (name.EndsWith(v4, StringComparison.OrdinalIgnoreCase))
        {
            string[] parts = name[..^v4.Length].Split('.');
            if (parts.Length != 4) return null;
            Array.Reverse(parts);
            return IPAddress.TryParse(string.Join('.', parts), out var a) && a.AddressFamily == AddressFamily.InterNetwork ? a : null;
        }
        if (name.EndsWith(v6, StringComparison.OrdinalIgnoreCase))
        {
            string[] nibbles = name[..^v6.Length].Split('.');
            if (nibbles.Length != 32) return null;
            byte[] bytes = new byte[16];
            for (int i = 0; i < 32; i++)
            {
                if (nibbles[i].Length != 1 || !int.TryParse(nibbles[i], System.Globalization.NumberStyles.HexNumber, null, out int v)) return null;
                int nibbleIndex = 31 - i;
                bytes[nibbleIndex / 2] |= (byte)(nibbleIndex % 2 == 0 ? v << 4 : v);
            }
            return new IPAddress(bytes);
        }
        return null;
    }
}
