using System.Globalization;
using System.Text;

namespace Berth.Build.Context;

/// <summary>
/// A forward-only tar reader that keeps the header fields as written (ustar, PAX and GNU long names). Reads the
/// entry data through <see cref="ReadData"/>; what is not read is skipped by <see cref="Next"/>.
/// </summary>
public sealed class RawTarReader(Stream stream)
{
    private readonly byte[] _block = new byte[512];
    private long _remaining;
    private int _padding;
    private Dictionary<string, string>? _global;
    /// <summary>The stream ended where an entry's padding should start: the end of the archive, as Go's reader takes it.</summary>
    private bool _ended;

    /// <summary>The next entry, or null at the end of the archive.</summary>
    public RawTarEntry? Next()
    {
        SkipRest();
        if (_ended) return null;
        Dictionary<string, string>? pax = null;
        string? longName = null, longLink = null;
        while (true)
        {
            if (!ReadBlock(allowEof: true)) return null;
            if (IsZero(_block))
            {
                // Two zero blocks end the archive; a single one followed by EOF is accepted too.
                if (!ReadBlock(allowEof: true) || IsZero(_block)) return null;
                throw new InvalidDataException("invalid tar header: lone zero block");
            }
            VerifyChecksum();
            char type = (char)_block[156];
            long size = ParseNumeric(_block.AsSpan(124, 12));
            if (type is 'x' or 'g')
            {
                var records = ParsePax(ReadAll(size));
                if (type == 'g') { _global ??= new(StringComparer.Ordinal); foreach (var (k, v) in records) _global[k] = v; }
                else pax = records;
                continue;
            }
            if (type is 'L' or 'K')
            {
                string s = Encoding.UTF8.GetString(ReadAll(size)).TrimEnd('\0');
                if (type == 'L') longName = s; else longLink = s;
                continue;
            }
            var e = new RawTarEntry
            {
                Mode = ParseNumeric(_block.AsSpan(100, 8)),
                Uid = ParseNumeric(_block.AsSpan(108, 8)),
                Gid = ParseNumeric(_block.AsSpan(116, 8)),
                Size = size,
                MtimeSeconds = ParseNumeric(_block.AsSpan(136, 12)),
                TypeFlag = type,
                LinkName = CString(_block.AsSpan(157, 100)),
            };
            string name = CString(_block.AsSpan(0, 100));
            bool ustar = _block.AsSpan(257, 6).SequenceEqual("ustar\0"u8);
            bool gnu = _block.AsSpan(257, 8).SequenceEqual("ustar  \0"u8);
            if (ustar || gnu)
            {
                e.Uname = CString(_block.AsSpan(265, 32));
                e.Gname = CString(_block.AsSpan(297, 32));
                e.DevMajor = ParseNumeric(_block.AsSpan(329, 8));
                e.DevMinor = ParseNumeric(_block.AsSpan(337, 8));
                if (ustar)
                {
                    string prefix = CString(_block.AsSpan(345, 155));
                    if (prefix.Length > 0) name = prefix + "/" + name;
                }
            }
            e.Name = name;
            if (longName is not null) e.Name = longName;
            if (longLink is not null) e.LinkName = longLink;
            if (_global is not null) Apply(e, _global);
            if (pax is not null) Apply(e, pax);
            if (e.TypeFlag == '\0') e.TypeFlag = e.Name.EndsWith('/') ? '5' : '0';
            // Only regular files carry data; other sizes are informational.
            long dataSize = e.TypeFlag is '1' or '2' or '3' or '4' or '5' or '6' ? 0 : e.Size;
            if (e.TypeFlag is '5' or '2' or '1') dataSize = 0;
            _remaining = dataSize;
            _padding = (int)((512 - dataSize % 512) % 512);
            return e;
        }
    }

    /// <summary>Reads the current entry's data; 0 at its end.</summary>
    public int ReadData(Span<byte> buffer)
    {
        if (_remaining == 0) return 0;
        int want = (int)Math.Min(buffer.Length, _remaining);
        int n = stream.Read(buffer[..want]);
        if (n == 0) throw new EndOfStreamException("unexpected end of tar data");
        _remaining -= n;
        if (_remaining == 0 && _padding > 0)
        {
            SkipPadding();
            _padding = 0;
        }
        return n;
    }

    private void SkipRest()
    {
        if (_remaining > 0) Skip(_remaining);
        _remaining = 0;
        if (_padding > 0) SkipPadding();
        _padding = 0;
    }

    /// <summary>
    /// The zeros after an entry's data. The docker CLI sends a context whose last entry (the Dockerfile it adds for
    /// -f -) has neither padding nor end blocks; an end of stream right after the data ends the archive.
    /// </summary>
    private void SkipPadding()
    {
        var buf = new byte[_padding];
        int off = 0;
        while (off < buf.Length)
        {
            int n = stream.Read(buf, off, buf.Length - off);
            if (n == 0)
            {
                if (off == 0)
                {
                    _ended = true;
                    return;
                }
                throw new EndOfStreamException("unexpected end of tar data");
            }
            off += n;
        }
    }

    private void Skip(long count)
    {
        var buf = new byte[Math.Min(count, 1 << 16)];
        while (count > 0)
        {
            int n = stream.Read(buf, 0, (int)Math.Min(buf.Length, count));
            if (n == 0) throw new EndOfStreamException("unexpected end of tar data");
            count -= n;
        }
    }

    private byte[] ReadAll(long size)
    {
        if (size > 64 << 20) throw new InvalidDataException("tar extended header too large");
        var data = new byte[size];
        int off = 0;
        while (off < data.Length)
        {
            int n = stream.Read(data, off, data.Length - off);
            if (n == 0) throw new EndOfStreamException("unexpected end of tar data");
            off += n;
        }
        int pad = (int)((512 - size % 512) % 512);
        if (pad > 0) Skip(pad);
        return data;
    }

    private bool ReadBlock(bool allowEof)
    {
        int off = 0;
        while (off < 512)
        {
            int n = stream.Read(_block, off, 512 - off);
            if (n == 0)
            {
                if (off == 0 && allowEof) return false;
                throw new EndOfStreamException("unexpected end of tar header");
            }
            off += n;
        }
        return true;
    }

    private static bool IsZero(ReadOnlySpan<byte> b) => !b.ContainsAnyExcept((byte)0);

    private void VerifyChecksum()
    {
        long stored = ParseNumeric(_block.AsSpan(148, 8));
        long unsigned = 0, signed = 0;
        for (int i = 0; i < 512; i++)
        {
            byte c = i is >= 148 and < 156 ? (byte)' ' : _block[i];
            unsigned += c;
            signed += (sbyte)c;
        }
        if (stored != unsigned && stored != signed) throw new InvalidDataException("invalid tar header: checksum mismatch");
    }

    private static string CString(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        if (end >= 0) field = field[..end];
        return Encoding.UTF8.GetString(field);
    }

    /// <summary>An octal field (spaces and NULs around it), or base-256 when the high bit of the first byte is set.</summary>
    internal static long ParseNumeric(ReadOnlySpan<byte> field)
    {
        if (field.Length > 0 && (field[0] & 0x80) != 0)
        {
            long v = field[0] & 0x7F;
            bool negative = (field[0] & 0x40) != 0;
            if (negative) v = field[0] & 0x3F;
            for (int i = 1; i < field.Length; i++) v = (v << 8) | field[i];
            return negative ? -v : v;
        }
        long r = 0;
        bool any = false;
        foreach (byte c in field)
        {
            if (c is (byte)' ' or 0) { if (any) break; continue; }
            if (c < '0' || c > '7') throw new InvalidDataException("invalid tar header: bad octal field");
            r = r * 8 + (c - '0');
            any = true;
        }
        return r;
    }

    private static Dictionary<string, string> ParsePax(byte[] data)
    {
        var records = new Dictionary<string, string>(StringComparer.Ordinal);
        int pos = 0;
        while (pos < data.Length)
        {
            int sp = Array.IndexOf(data, (byte)' ', pos);
            if (sp < 0) break;
            if (!int.TryParse(Encoding.ASCII.GetString(data, pos, sp - pos), NumberStyles.None, CultureInfo.InvariantCulture, out int len)
                || len <= sp - pos || pos + len > data.Length)
                throw new InvalidDataException("invalid tar PAX record");
            // Latin-1 keeps every byte: xattr values are binary; text keys are re-read as UTF-8.
            string record = Encoding.Latin1.GetString(data, sp + 1, pos + len - sp - 2);
            int eq = record.IndexOf('=');
            if (eq > 0) records[record[..eq]] = record[(eq + 1)..];
            pos += len;
        }
        return records;
    }

    private static string Utf8(string latin1) => Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(latin1));

    private static void Apply(RawTarEntry e, Dictionary<string, string> pax)
    {
        foreach (var (k, v) in pax)
        {
            switch (k)
            {
                case "path": e.Name = Utf8(v); break;
                case "linkpath": e.LinkName = Utf8(v); break;
                case "size": e.Size = long.Parse(v, CultureInfo.InvariantCulture); break;
                case "uid": e.Uid = long.Parse(v, CultureInfo.InvariantCulture); break;
                case "gid": e.Gid = long.Parse(v, CultureInfo.InvariantCulture); break;
                case "uname": e.Uname = Utf8(v); break;
                case "gname": e.Gname = Utf8(v); break;
                case "mtime":
                {
                    int dot = v.IndexOf('.');
                    e.MtimeSeconds = long.Parse(dot < 0 ? v : v[..dot], CultureInfo.InvariantCulture);
                    if (dot >= 0)
                    {
                        string frac = (v[(dot + 1)..] + "000000000")[..9];
                        e.MtimeNanoseconds = long.Parse(frac, CultureInfo.InvariantCulture);
                    }
                    break;
                }
                default:
                    if (k.StartsWith("SCHILY.xattr.", StringComparison.Ordinal)) e.Xattrs[Utf8(k["SCHILY.xattr.".Length..])] = v;
                    break;
            }
        }
    }
}
