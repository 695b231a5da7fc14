using System.Globalization;
using System.Text;

namespace Berth.Build.Layers;

/// <summary>
/// Writes tar entries with exactly the fields given and nothing else: a ustar header, preceded by a PAX header
/// only for what ustar cannot hold (long or non-ASCII names, big ids or sizes, xattrs). No atime or ctime, so the
/// same files always give the same bytes (reproducible layers).
/// </summary>
internal sealed class TarEntryWriter(Stream output)
{
    private readonly byte[] _header = new byte[512];
    private long _written;

    public long BytesWritten => _written;

    public void WriteHeader(string name, char type, uint mode, long uid, long gid, long size, long mtime, string linkName = "",
        uint devMajor = 0, uint devMinor = 0, IReadOnlyDictionary<string, byte[]>? xattrs = null)
    {
        var pax = new List<(string, byte[])>();
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        byte[] linkBytes = Encoding.UTF8.GetBytes(linkName);
        string ustarName = name, prefix = "";
        if (nameBytes.Length > 100 || !IsAscii(nameBytes))
        {
            if (IsAscii(nameBytes) && TrySplit(name, out var p, out var n)) { prefix = p; ustarName = n; }
            else
            {
                pax.Add(("path", nameBytes));
                ustarName = Truncate(name, 100);
            }
        }
        if (linkBytes.Length > 100 || !IsAscii(linkBytes))
        {
            pax.Add(("linkpath", linkBytes));
            linkName = Truncate(linkName, 100);
        }
        if (uid > 0x1FFFFF || uid < 0) { pax.Add(("uid", Ascii(uid))); uid = 0; }
        if (gid > 0x1FFFFF || gid < 0) { pax.Add(("gid", Ascii(gid))); gid = 0; }
        if (size > 0x1FFFFFFFFFFL) { pax.Add(("size", Ascii(size))); }
        if (mtime < 0 || mtime > 0x1FFFFFFFFFFL) { pax.Add(("mtime", Ascii(mtime))); mtime = Math.Clamp(mtime, 0, 0x1FFFFFFFFFFL); }
        if (xattrs is not null)
            foreach (var (k, v) in xattrs.OrderBy(kv => kv.Key, StringComparer.Ordinal)) pax.Add(("SCHILY.xattr." + k, v));
        if (pax.Count > 0) WritePax(name, pax);
        Fill(ustarName, type, mode, uid, gid, size > 0x1FFFFFFFFFFL ? 0 : size, mtime, linkName, devMajor, devMinor, prefix);
        Write(_header);
    }

    /// <summary>Writes content bytes of the current entry.</summary>
    public void WriteData(ReadOnlySpan<byte> data) => Write(data);

    /// <summary>Pads the current entry's data to a whole block.</summary>
    public void EndData(long size)
    {
        int pad = (int)((512 - size % 512) % 512);
        if (pad > 0) Write(new byte[pad]);
    }

    /// <summary>The two zero blocks that end an archive.</summary>
    public void Finish() => Write(new byte[1024]);

    private void Write(ReadOnlySpan<byte> data)
    {
        output.Write(data);
        _written += data.Length;
    }

    private void WritePax(string name, List<(string Key, byte[] Value)> records)
    {
        var body = new MemoryStream();
        foreach (var (key, value) in records)
        {
            byte[] k = Encoding.UTF8.GetBytes(key);
            int baseLen = k.Length + value.Length + 3; // ' ', '=', '\n'
            int len = baseLen + Digits(baseLen);
            if (Digits(len) != Digits(baseLen)) len = baseLen + Digits(len);
            body.Write(Encoding.ASCII.GetBytes(len.ToString(CultureInfo.InvariantCulture) + " "));
            body.Write(k);
            body.WriteByte((byte)'=');
            body.Write(value);
            body.WriteByte((byte)'\n');
        }
        string paxName = Truncate("PaxHeaders.0/" + LastPart(name), 100);
        Fill(paxName, 'x', 0x1A4, 0, 0, body.Length, 0, "", 0, 0, "");
        Write(_header);
        Write(body.ToArray());
        EndData(body.Length);
    }

    private static string LastPart(string name)
    {
        string n = name.TrimEnd('/');
        int slash = n.LastIndexOf('/');
        return slash < 0 ? n : n[(slash + 1)..];
    }

    private static int Digits(int n) => n.ToString(CultureInfo.InvariantCulture).Length;

    private static byte[] Ascii(long v) => Encoding.ASCII.GetBytes(v.ToString(CultureInfo.InvariantCulture));

    private static bool IsAscii(byte[] b) => !b.AsSpan().ContainsAnyInRange((byte)0x80, (byte)0xFF);

    private static string Truncate(string s, int max)
    {
        var b = Encoding.UTF8.GetBytes(s);
        if (b.Length <= max) return s;
        return Encoding.ASCII.GetString(b.Select(x => x < 0x80 ? x : (byte)'_').Take(max).ToArray());
    }

    /// <summary>ustar's prefix/name split at a slash (prefix ≤ 155, name ≤ 100 bytes).</summary>
    private static bool TrySplit(string name, out string prefix, out string rest)
    {
        prefix = rest = "";
        if (name.Length > 256) return false;
        for (int i = Math.Min(name.Length - 1, 155); i > 0; i--)
        {
            if (name[i] != '/') continue;
            if (name.Length - i - 1 > 100 || name.Length - i - 1 == 0) continue;
            prefix = name[..i];
            rest = name[(i + 1)..];
            return true;
        }
        return false;
    }

    private void Fill(string name, char type, uint mode, long uid, long gid, long size, long mtime, string linkName, uint devMajor, uint devMinor, string prefix)
    {
        Array.Clear(_header);
        Put(0, 100, name);
        Octal(100, 8, mode & 0xFFF);
        Octal(108, 8, uid);
        Octal(116, 8, gid);
        Octal(124, 12, size);
        Octal(136, 12, mtime);
        for (int i = 148; i < 156; i++) _header[i] = (byte)' ';
        _header[156] = (byte)type;
        Put(157, 100, linkName);
        Put(257, 6, "ustar\0");
        Put(263, 2, "00");
        if (type is '3' or '4')
        {
            Octal(329, 8, devMajor);
            Octal(337, 8, devMinor);
        }
        Put(345, 155, prefix);
        long sum = 0;
        foreach (byte b in _header) sum += b;
        string chk = Convert.ToString(sum, 8).PadLeft(6, '0');
        Put(148, 6, chk);
        _header[154] = 0;
        _header[155] = (byte)' ';
    }

    private void Put(int offset, int length, string value)
    {
        var b = Encoding.UTF8.GetBytes(value);
        b.AsSpan(0, Math.Min(b.Length, length)).CopyTo(_header.AsSpan(offset, length));
    }

    private void Octal(int offset, int length, long value)
    {
        string s = Convert.ToString(value, 8).PadLeft(length - 1, '0');
        Put(offset, length - 1, s);
        _header[offset + length - 1] = 0;
    }
}
