using System.Buffers.Binary;
using System.Text;

namespace Berth.Network.Dns;

/// <summary>
/// A DNS message (RFC 1035 section 4): header, questions and records. Parses compressed names; encodes names
/// with compression against earlier names in the message.
/// </summary>
public sealed class DnsMessage
{
    public ushort Id { get; set; }
    public bool IsResponse { get; set; }
    public int Opcode { get; set; }
    public bool Authoritative { get; set; }
    public bool Truncated { get; set; }
    public bool RecursionDesired { get; set; }
    public bool RecursionAvailable { get; set; }
    public int Rcode { get; set; }
    public List<DnsQuestion> Questions { get; } = [];
    public List<DnsRecord> Answers { get; } = [];
    public List<DnsRecord> Authorities { get; } = [];
    public List<DnsRecord> Additionals { get; } = [];

    public const int MaxUdpSize = 512;

    /// <summary>A response to this query: same id, question and RD flag.</summary>
    public DnsMessage CreateResponse(int rcode)
    {
        var r = new DnsMessage
        {
            Id = Id, IsResponse = true, Opcode = Opcode, RecursionDesired = RecursionDesired, RecursionAvailable = true,
            Rcode = rcode,
        };
        r.Questions.AddRange(Questions);
        return r;
    }

    public static bool TryParse(ReadOnlySpan<byte> data, out DnsMessage message)
    {
        message = new DnsMessage();
        try
        {
            Parse(data, message);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    public static DnsMessage Parse(ReadOnlySpan<byte> data)
    {
        var m = new DnsMessage();
        Parse(data, m);
        return m;
    }

    private static void Parse(ReadOnlySpan<byte> data, DnsMessage m)
    {
        if (data.Length < 12) throw new FormatException("dns message shorter than its header");
        m.Id = BinaryPrimitives.ReadUInt16BigEndian(data);
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        m.IsResponse = (flags & 0x8000) != 0;
        m.Opcode = (flags >> 11) & 0xf;
        m.Authoritative = (flags & 0x0400) != 0;
        m.Truncated = (flags & 0x0200) != 0;
        m.RecursionDesired = (flags & 0x0100) != 0;
        m.RecursionAvailable = (flags & 0x0080) != 0;
        m.Rcode = flags & 0xf;
        int qd = BinaryPrimitives.ReadUInt16BigEndian(data[4..]), an = BinaryPrimitives.ReadUInt16BigEndian(data[6..]);
        int ns = BinaryPrimitives.ReadUInt16BigEndian(data[8..]), ar = BinaryPrimitives.ReadUInt16BigEndian(data[10..]);
        int offset = 12;
        for (int i = 0; i < qd; i++)
        {
            string name = ReadName(data, ref offset);
            Need(data, offset, 4);
            m.Questions.Add(new DnsQuestion(name, BinaryPrimitives.ReadUInt16BigEndian(data[offset..]), BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..])));
            offset += 4;
        }
        ReadRecords(data, ref offset, an, m.Answers);
        ReadRecords(data, ref offset, ns, m.Authorities);
        ReadRecords(data, ref offset, ar, m.Additionals);
    }

    private static void ReadRecords(ReadOnlySpan<byte> data, ref int offset, int count, List<DnsRecord> into)
    {
        for (int i = 0; i < count; i++)
        {
            string name = ReadName(data, ref offset);
            Need(data, offset, 10);
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            ushort cls = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
            uint ttl = BinaryPrimitives.ReadUInt32BigEndian(data[(offset + 4)..]);
            int len = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 8)..]);
            offset += 10;
            Need(data, offset, len);
            string? target = null;
            if (type is DnsType.PTR or DnsType.CNAME or DnsType.NS)
            {
                int at = offset;
                target = ReadName(data, ref at);
            }
            into.Add(new DnsRecord(name, type, cls, ttl, data.Slice(offset, len).ToArray(), target));
            offset += len;
        }
    }

    private static void Need(ReadOnlySpan<byte> data, int offset, int count)
    {
        if (offset + count > data.Length) throw new FormatException("dns message truncated");
    }

    /// <summary>Reads a possibly compressed name; returns it without the final dot ("" for the root).</summary>
    internal static string ReadName(ReadOnlySpan<byte> data, ref int offset)
    {
        var sb = new StringBuilder();
        int at = offset, jumps = 0;
        bool jumped = false;
        while (true)
        {
            Need(data, at, 1);
            int len = data[at];
            if (len == 0)
            {
                at++;
                break;
            }
            if ((len & 0xc0) == 0xc0)
            {
                Need(data, at, 2);
                int pointer = ((len & 0x3f) << 8) | data[at + 1];
                if (!jumped) offset = at + 2;
                jumped = true;
                if (++jumps > 64 || pointer >= data.Length) throw new FormatException("dns name pointer loop");
                at = pointer;
                continue;
            }
            if ((len & 0xc0) != 0) throw new FormatException("dns label type unknown");
            Need(data, at + 1, len);
            if (sb.Length > 0) sb.Append('.');
            sb.Append(Encoding.ASCII.GetString(data.Slice(at + 1, len)));
            if (sb.Length > 255) throw new FormatException("dns name too long");
            at += 1 + len;
        }
        if (!jumped) offset = at;
        return sb.ToString();
    }

    /// <summary>Encodes the message; past <paramref name="maxSize"/> answers are dropped and TC is set (UDP).</summary>
    public byte[] Encode(int maxSize = 65535)
    {
        var w = new Writer();
        w.U16(Id);
        w.U16(0); // flags, set below
        w.U16((ushort)Questions.Count);
        w.U16(0);
        w.U16(0);
        w.U16(0);
        foreach (var q in Questions)
        {
            w.Name(q.Name);
            w.U16(q.Type);
            w.U16(q.Class);
        }
        bool truncated = Truncated;
        int[] counts = new int[3];
        List<DnsRecord>[] sections = [Answers, Authorities, Additionals];
        for (int s = 0; s < 3 && !truncated; s++)
        {
            foreach (var r in sections[s])
            {
                int mark = w.Length;
                w.Record(r);
                if (w.Length > maxSize)
                {
                    w.Truncate(mark);
                    truncated = true;
                    break;
                }
                counts[s]++;
            }
        }
        ushort flags = (ushort)((IsResponse ? 0x8000 : 0) | ((Opcode & 0xf) << 11) | (Authoritative ? 0x0400 : 0) |
            (truncated ? 0x0200 : 0) | (RecursionDesired ? 0x0100 : 0) | (RecursionAvailable ? 0x0080 : 0) | (Rcode & 0xf));
        byte[] bytes = w.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), flags);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(6), (ushort)counts[0]);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(8), (ushort)counts[1]);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(10), (ushort)counts[2]);
        return bytes;
    }

    private sealed class Writer
    {
        private byte[] _buf = new byte[512];
        private readonly Dictionary<string, int> _names = new(StringComparer.OrdinalIgnoreCase);

        public int Length { get; private set; }

        public void Truncate(int length)
        {
            Length = length;
            foreach (var key in _names.Where(kv => kv.Value >= length).Select(kv => kv.Key).ToList()) _names.Remove(key);
        }

        public byte[] ToArray() => _buf.AsSpan(0, Length).ToArray();

        private void Ensure(int n)
        {
            if (Length + n > _buf.Length) Array.Resize(ref _buf, Math.Max(_buf.Length * 2, Length + n));
        }

        public void U8(byte v)
        {
            Ensure(1);
            _buf[Length++] = v;
        }

        public void U16(ushort v)
        {
            Ensure(2);
            BinaryPrimitives.WriteUInt16BigEndian(_buf.AsSpan(Length), v);
            Length += 2;
        }

        public void U32(uint v)
        {
            Ensure(4);
            BinaryPrimitives.WriteUInt32BigEndian(_buf.AsSpan(Length), v);
            Length += 4;
        }

        public void Bytes(ReadOnlySpan<byte> b)
        {
            Ensure(b.Length);
            b.CopyTo(_buf.AsSpan(Length));
            Length += b.Length;
        }

        public void Name(string name)
        {
            string rest = name.TrimEnd('.');
            while (rest.Length > 0)
            {
                if (_names.TryGetValue(rest, out int pointer))
                {
                    U16((ushort)(0xc000 | pointer));
                    return;
                }
                if (Length < 0x3fff) _names[rest] = Length;
                int dot = rest.IndexOf('.');
                string label = dot < 0 ? rest : rest[..dot];
                byte[] bytes = Encoding.ASCII.GetBytes(label);
                if (bytes.Length is 0 or > 63) throw new FormatException($"invalid dns label in {name}");
                U8((byte)bytes.Length);
                Bytes(bytes);
                rest = dot < 0 ? "" : rest[(dot + 1)..];
            }
            U8(0);
        }

        public void Record(DnsRecord r)
        {
            Name(r.Name);
            U16(r.Type);
            U16(r.Class);
            U32(r.Ttl);
            int lengthAt = Length;
            U16(0);
            if (r.Target is not null && r.Type is DnsType.PTR or DnsType.CNAME or DnsType.NS) Name(r.Target);
            else Bytes(r.Data);
            BinaryPrimitives.WriteUInt16BigEndian(_buf.AsSpan(lengthAt), (ushort)(Length - lengthAt - 2));
        }
    }
}
