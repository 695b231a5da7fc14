using System.Globalization;
using System.Text.Json.Serialization;
using Berth.Linux.Fs;

namespace Berth.Engine.Archive;

/// <summary>The X-Docker-Container-Path-Stat header: base64 of this JSON (moby's container.PathStat).</summary>
public sealed class PathStat
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("size")] public long Size { get; set; }
    /// <summary>Go's os.FileMode bits (type bits high, permissions low), as the CLI decodes them.</summary>
    [JsonPropertyName("mode")] public uint Mode { get; set; }
    /// <summary>RFC 3339 with nanoseconds, as Go's time.Time marshals.</summary>
    [JsonPropertyName("mtime")] public string Mtime { get; set; } = "";
    [JsonPropertyName("linkTarget")] public string LinkTarget { get; set; } = "";

    [JsonIgnore] public bool IsDirectory => (Mode & GoFileMode.ModeDir) != 0;
    [JsonIgnore] public bool IsSymlink => (Mode & GoFileMode.ModeSymlink) != 0;

    public static PathStat From(string name, FileStatus st, string linkTarget) => new()
    {
        Name = name,
        Size = st.Size,
        Mode = GoFileMode.From(st.Mode),
        Mtime = FormatTime(st.MtimeSeconds, st.MtimeNanoseconds),
        LinkTarget = linkTarget,
    };

    /// <summary>Go's time.RFC3339Nano in UTC: fraction with trailing zeros removed.</summary>
    public static string FormatTime(long seconds, uint nanoseconds)
    {
        var t = DateTimeOffset.FromUnixTimeSeconds(seconds);
        string s = t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        if (nanoseconds != 0) s += "." + nanoseconds.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return s + "Z";
    }
}

/// <summary>Go's os.FileMode: Unix st_mode translated the way os.Lstat does.</summary>
public static class GoFileMode
{
    public const uint ModeDir = 1u << 31, ModeAppend = 1u << 30, ModeExclusive = 1u << 29, ModeTemporary = 1u << 28,
        ModeSymlink = 1u << 27, ModeDevice = 1u << 26, ModeNamedPipe = 1u << 25, ModeSocket = 1u << 24,
        ModeSetuid = 1u << 23, ModeSetgid = 1u << 22, ModeCharDevice = 1u << 21, ModeSticky = 1u << 20, ModeIrregular = 1u << 19;

    public static uint From(uint stMode)
    {
        uint mode = stMode & 0x1FF;
        switch (stMode & FileStatus.S_IFMT)
        {
            case FileStatus.S_IFBLK: mode |= ModeDevice; break;
            case FileStatus.S_IFCHR: mode |= ModeDevice | ModeCharDevice; break;
            case FileStatus.S_IFDIR: mode |= ModeDir; break;
            case FileStatus.S_IFIFO: mode |= ModeNamedPipe; break;
            case FileStatus.S_IFLNK: mode |= ModeSymlink; break;
            case FileStatus.S_IFSOCK: mode |= ModeSocket; break;
        }
        if ((stMode & 0x400) != 0) mode |= ModeSetgid;
        if ((stMode & 0x800) != 0) mode |= ModeSetuid;
        if ((stMode & 0x200) != 0) mode |= ModeSticky;
        return mode;
    }
}

[JsonSerializable(typeof(PathStat))]
public sealed partial class ArchiveJsonContext : JsonSerializerContext;
