using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Berth.Linux.Netlink;

/// <summary>Builds one netlink message: header, fixed family struct, then (nested) attributes, 4-byte aligned.</summary>
internal sealed class NetlinkMessageWriter
{
    private byte[] _buffer = new byte[256];
    private int _length;

    public NetlinkMessageWriter(ushort type, ushort flags)
    {
        _length = NetlinkHeader.Size;
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(6), flags);
    }

    public ushort Type => BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(4));

    public void WriteStruct<T>(in T value) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value));
        Append(bytes);
        Align();
    }

    public void Attribute(ushort type, ReadOnlySpan<byte> payload)
    {
        Ensure(4 + payload.Length + 3);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(_length), (ushort)(4 + payload.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(_length + 2), type);
        _length += 4;
        Append(payload);
        Align();
    }

    public void AttributeU32(ushort type, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        Attribute(type, b);
    }

    public void AttributeString(ushort type, string value)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        Attribute(type, bytes);
    }

    /// <summary>
    /// Opens a nested attribute; close it with <see cref="EndNested"/>. <paramref name="flagNested"/> false is for
    /// containers that start with a struct rather than attributes (VETH_INFO_PEER), which must not claim NLA_F_NESTED.
    /// </summary>
    public int BeginNested(ushort type, bool flagNested = true)
    {
        int start = _length;
        Attribute(flagNested ? (ushort)(type | NetlinkHeader.NLA_F_NESTED) : type, ReadOnlySpan<byte>.Empty);
        return start;
    }

    public void EndNested(int start) =>
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(start), (ushort)(_length - start));

    /// <summary>The finished message with its length and sequence number filled in.</summary>
    public ReadOnlySpan<byte> Finish(uint seq)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(0), (uint)_length);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(8), seq);
        return _buffer.AsSpan(0, _length);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Align()
    {
        int aligned = (_length + 3) & ~3;
        Ensure(aligned - _length);
        _buffer.AsSpan(_length, aligned - _length).Clear();
        _length = aligned;
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
    }
}
