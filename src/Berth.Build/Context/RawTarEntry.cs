namespace Berth.Build.Context;

/// <summary>
/// A tar header exactly as it was sent (PAX and GNU long names merged in, the mode field untouched): the build
/// cache hashes these fields the way Docker's tarsum does, so the raw values matter.
/// </summary>
public sealed class RawTarEntry
{
    public string Name { get; set; } = "";
    /// <summary>The mode field as written, file type bits included when the writer put them.</summary>
    public long Mode { get; set; }
    public long Uid { get; set; }
    public long Gid { get; set; }
    public long Size { get; set; }
    public char TypeFlag { get; set; }
    public string LinkName { get; set; } = "";
    public string Uname { get; set; } = "";
    public string Gname { get; set; } = "";
    public long DevMajor { get; set; }
    public long DevMinor { get; set; }
    public long MtimeSeconds { get; set; }
    public long MtimeNanoseconds { get; set; }
    /// <summary>SCHILY.xattr.* records, by xattr name; values hold raw bytes as Latin-1 characters.</summary>
    public SortedDictionary<string, string> Xattrs { get; } = new(StringComparer.Ordinal);

    public bool IsDirectory => TypeFlag == '5';
    public bool IsRegular => TypeFlag is '0' or '7';
    public bool IsSymlink => TypeFlag == '2';
    public bool IsHardLink => TypeFlag == '1';
    /// <summary>Permission bits with setuid/setgid/sticky.</summary>
    public uint Permissions => (uint)(Mode & 0xFFF);
}
