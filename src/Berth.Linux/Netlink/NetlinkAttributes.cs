using System.Buffers.Binary;
using System.Text;

namespace Berth.Linux.Netlink;

/// <summary>Reads a run of netlink attributes (type, payload) from a message body.</summary>
internal readonly ref struct NetlinkAttributes
{
    private readonly ReadOnlySpan<byte> _data;

    public NetlinkAttributes(ReadOnlySpan<byte> data) => _data = data;

    public Enumerator GetEnumerator() => new(_data);

    /// <summary>The payload of the first attribute of <paramref name="type"/>, or false.</summary>
    public bool TryGet(ushort type, out ReadOnlySpan<byte> payload)
    {
        foreach (var (t, p) in this)
        {
            if (t == type) { payload = p; return true; }
        }
        payload = default;
        return false;
    }

    public static string ReadString(ReadOnlySpan<byte> payload)
    {
        int nul = payload.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul >= 0 ? payload[..nul] : payload);
    }

    public static uint ReadU32(ReadOnlySpan<byte> payload) => BinaryPrimitives.ReadUInt32LittleEndian(payload);

    public ref struct Enumerator
    {
        private ReadOnlySpan<byte> _rest;
        private NetlinkAttribute _current;

        public Enumerator(ReadOnlySpan<byte> data) { _rest = data; _current = default; }

        public readonly NetlinkAttribute Current => _current;

        public bool MoveNext()
        {
            if (_rest.Length < 4) return false;
            int len = BinaryPrimitives.ReadUInt16LittleEndian(_rest);
            ushort type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(_rest[2..]) & NetlinkHeader.NLA_TYPE_MASK);
            if (len < 4 || len > _rest.Length) return false;
            _current = new NetlinkAttribute(type, _rest[4..len]);
            int next = NetlinkHeader.Align(len);
            _rest = next >= _rest.Length ? ReadOnlySpan<byte>.Empty : _rest[next..];
            return true;
        }
    }
}

/// <summary>One attribute: its type (flags masked off) and payload.</summary>
internal readonly ref struct NetlinkAttribute(ushort type, ReadOnlySpan<byte> payload)
{
    public ushort Type { get; } = type;
    public ReadOnlySpan<byte> Payload { get; } = payload;

    public void Deconstruct(out ushort type, out ReadOnlySpan<byte> payload)
    {
        type = Type;
        payload = Payload;
    }
}
