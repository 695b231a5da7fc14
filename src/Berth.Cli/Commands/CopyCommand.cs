using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using Berth.Cli.Client;
using Berth.Cli.Formatting;
using Berth.Cli.Parsing;

namespace Berth.Cli.Commands;

/// <summary>
/// `berth cp`: container paths through the archive API (HEAD to stat, GET for a tar out, PUT for a tar in),
/// with docker's naming rules — copy into an existing directory, or under a new name when the destination is absent.
/// </summary>
public static class CopyCommand
{
    public static void Register(Dictionary<string, CommandBinding> d) =>
        d["container cp"] = new CommandBinding { Handler = Run, Args = ArgsRule.Exact(2) };

    private sealed record PathStat(string Name, long Size, uint Mode, string LinkTarget)
    {
        public bool IsDir => (Mode & 0x80000000) != 0;
        public bool IsSymlink => (Mode & 0x08000000) != 0;
    }

    private static (string Container, string Path) Split(string arg)
    {
        if (arg.StartsWith('/')) return ("", arg);
        int colon = arg.IndexOf(':');
        if (colon < 0 || arg.StartsWith('.')) return ("", arg);
        return (arg[..colon], arg[(colon + 1)..]);
    }

    private static int Run(CommandContext ctx)
    {
        if (ctx.Args[0].Length == 0) throw new CliException("source can not be empty");
        if (ctx.Args[1].Length == 0) throw new CliException("destination can not be empty");
        var (srcContainer, srcPath) = Split(ctx.Args[0]);
        var (dstContainer, dstPath) = Split(ctx.Args[1]);
        if (srcContainer.Length > 0 && dstContainer.Length > 0) throw new CliException("copying between containers is not supported");
        if (srcContainer.Length > 0) return FromContainer(ctx, srcContainer, srcPath, dstPath);
        if (dstContainer.Length > 0) return ToContainer(ctx, dstContainer, srcPath, dstPath);
        throw new CliException("must specify at least one container source");
    }

    private static PathStat? Stat(CommandContext ctx, string container, string path)
    {
        try
        {
            using var r = ctx.Client.Send("HEAD", ObjectPaths.Container(container) + "/archive", new QueryString().Set("path", path));
            return Decode(r.Header("X-Docker-Container-Path-Stat"));
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    private static PathStat? Decode(string? header)
    {
        if (string.IsNullOrEmpty(header)) return null;
        using var doc = JsonDocument.Parse(Convert.FromBase64String(header));
        var r = doc.RootElement;
        return new PathStat(r.GetProperty("name").GetString() ?? "", r.GetProperty("size").GetInt64(),
            r.GetProperty("mode").GetUInt32(), r.TryGetProperty("linkTarget", out var lt) ? lt.GetString() ?? "" : "");
    }

    /// <summary>archive.SplitPathDirEntry: parent and base of a cleaned path ("." for the root's base).</summary>
    private static (string Dir, string Base) SplitDirEntry(string path)
    {
        string clean = path.Length > 1 ? path.TrimEnd('/') : path;
        if (clean.EndsWith("/.", StringComparison.Ordinal)) clean = clean[..^2];
        int slash = clean.LastIndexOf('/');
        string dir = slash < 0 ? "." : slash == 0 ? "/" : clean[..slash];
        string b = slash < 0 ? clean : clean[(slash + 1)..];
        if (b.Length == 0) b = ".";
        return (dir, b);
    }

    private static bool HasTrailingSeparator(string p) => p.EndsWith('/') || p.EndsWith("/.", StringComparison.Ordinal);

    private static string ResolveLocal(CommandContext ctx, string p)
    {
        string abs = Path.GetFullPath(Path.Combine(ctx.Cli.IO.WorkingDirectory, p));
        if (p.EndsWith("/.", StringComparison.Ordinal) || p == ".") abs = abs.TrimEnd('/') + "/.";
        else if (p.EndsWith('/') && !abs.EndsWith('/')) abs += "/";
        return abs;
    }

    /// <summary>-q, or no terminal on stdout when -q was not given (docker suppresses progress then).</summary>
    private static bool Quiet(CommandContext ctx) =>
        ctx.Flags.Changed("quiet") ? ctx.Flags.GetBool("quiet") : !ctx.Cli.IsOutTerminal;

    private static int FromContainer(CommandContext ctx, string container, string srcPath, string dstPath)
    {
        bool quiet = Quiet(ctx);
        if (dstPath != "-") dstPath = ResolveLocal(ctx, dstPath);
        string? rebaseName = null;
        if (ctx.Flags.GetBool("follow-link") && Stat(ctx, container, srcPath) is { IsSymlink: true } ls)
        {
            string target = ls.LinkTarget.StartsWith('/') ? ls.LinkTarget : SplitDirEntry(srcPath).Dir.TrimEnd('/') + "/" + ls.LinkTarget;
            rebaseName = SplitDirEntry(srcPath).Base;
            srcPath = target;
        }
        using var response = ctx.Client.Send("GET", ObjectPaths.Container(container) + "/archive", new QueryString().Set("path", srcPath));
        if (dstPath == "-")
        {
            ctx.Out.Flush();
            response.Body.CopyTo(ctx.Cli.IO.StdoutStream);
            return 0;
        }
        var stat = Decode(response.Header("X-Docker-Container-Path-Stat"));
        bool srcIsDir = stat?.IsDir ?? false;
        string srcBase = SplitDirEntry(srcPath).Base;
        // where the entries go, and the name the source's base becomes
        string dstDir;
        string? newBase = rebaseName;
        bool dstExists = Directory.Exists(dstPath.TrimEnd('.')) || File.Exists(dstPath);
        bool dstIsDir = Directory.Exists(dstPath.EndsWith("/.", StringComparison.Ordinal) ? dstPath[..^2] : dstPath);
        if (dstExists && dstIsDir)
        {
            dstDir = dstPath.EndsWith("/.", StringComparison.Ordinal) ? dstPath[..^2] : dstPath;
            if (srcIsDir && srcPath.EndsWith("/.", StringComparison.Ordinal)) newBase = ".";
        }
        else if (dstExists)
        {
            if (srcIsDir) throw new CliException("cannot copy a directory to a file");
            var (d, b) = SplitDirEntry(dstPath);
            dstDir = d;
            newBase = b;
        }
        else
        {
            if (HasTrailingSeparator(dstPath) && !srcIsDir) throw new CliException("no such directory");
            var (d, b) = SplitDirEntry(dstPath);
            if (!Directory.Exists(d)) throw new CliException($"lstat {d}: no such file or directory");
            dstDir = d;
            newBase = b;
        }
        var counting = new CountingStream(response.Body);
        Extract(counting, dstDir, srcBase, newBase);
        if (!quiet) ctx.Err.WriteLine($"Successfully copied {Units.HumanSizeWithPrecision(counting.Total, 3)} to {dstPath}");
        return 0;
    }

    /// <summary>Untars into dstDir, renaming the leading srcBase component to newBase (archive.RebaseArchiveEntries).</summary>
    private static void Extract(Stream tar, string dstDir, string srcBase, string? newBase)
    {
        using var reader = new TarReader(tar);
        while (reader.GetNextEntry() is { } entry)
        {
            string name = entry.Name.TrimStart('/');
            if (newBase is not null && srcBase != newBase)
            {
                if (name == srcBase || name == srcBase + "/") name = newBase + (name.EndsWith('/') ? "/" : "");
                else if (name.StartsWith(srcBase + "/", StringComparison.Ordinal)) name = newBase + name[srcBase.Length..];
            }
            string target = Path.GetFullPath(Path.Combine(dstDir, name));
            string rootDir = Path.GetFullPath(dstDir).TrimEnd('/') + "/";
            if (!target.StartsWith(rootDir, StringComparison.Ordinal) && target.TrimEnd('/') + "/" != rootDir)
                throw new CliException($"invalid archive entry: {entry.Name}");
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(target);
                    break;
                case TarEntryType.SymbolicLink:
                    if (File.Exists(target) || Directory.Exists(target)) File.Delete(target);
                    File.CreateSymbolicLink(target, entry.LinkName);
                    continue;
                case TarEntryType.HardLink:
                {
                    string linkSource = Path.Combine(dstDir, entry.LinkName.TrimStart('/'));
                    File.Copy(linkSource, target, true);
                    break;
                }
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    using var fs = new FileStream(target, FileMode.Create, FileAccess.Write);
                    entry.DataStream?.CopyTo(fs);
                    break;
                }
                default:
                    continue;
            }
            try
            {
                File.SetUnixFileMode(target, (UnixFileMode)((int)entry.Mode & 0xfff));
                if (entry.EntryType != TarEntryType.Directory) File.SetLastWriteTimeUtc(target, entry.ModificationTime.UtcDateTime);
            }
            catch (IOException)
            {
            }
        }
    }

    private static int ToContainer(CommandContext ctx, string container, string srcPath, string dstPath)
    {
        bool quiet = Quiet(ctx);
        if (srcPath != "-") srcPath = ResolveLocal(ctx, srcPath);
        string dstInfoPath = dstPath;
        var dstStat = Stat(ctx, container, dstPath);
        if (dstStat is { IsSymlink: true })
        {
            string target = dstStat.LinkTarget.StartsWith('/') ? dstStat.LinkTarget : SplitDirEntry(dstPath).Dir.TrimEnd('/') + "/" + dstStat.LinkTarget;
            dstInfoPath = target;
            dstStat = Stat(ctx, container, target);
        }
        if (dstStat is not null && !dstStat.IsDir && (dstStat.Mode & 0x8F000000) != 0 && !dstStat.IsSymlink)
            throw new CliException($"destination \"{container}:{dstPath}\" must be a directory or a regular file");
        bool dstExists = dstStat is not null, dstIsDir = dstStat?.IsDir ?? false;
        Stream content;
        string resolvedDst;
        var counting = (CountingStream?)null;
        if (srcPath == "-")
        {
            if (!dstIsDir) throw new CliException($"destination \"{container}:{dstPath}\" must be a directory");
            content = ctx.Cli.IO.StdinStream;
            resolvedDst = dstInfoPath;
        }
        else
        {
            string localPath = srcPath.EndsWith("/.", StringComparison.Ordinal) ? srcPath[..^2] : srcPath.TrimEnd('/');
            bool srcIsDir = Directory.Exists(localPath);
            if (!srcIsDir && !File.Exists(localPath) && !IsSymlink(localPath))
                throw new CliException($"lstat {localPath}: no such file or directory");
            var (srcDir, srcBase) = SplitDirEntry(localPath);
            string? rebase = null;
            if (dstExists && dstIsDir)
            {
                resolvedDst = dstInfoPath;
                if (srcIsDir && srcPath.EndsWith("/.", StringComparison.Ordinal)) rebase = ".";
            }
            else if (dstExists)
            {
                if (srcIsDir) throw new CliException("cannot copy a directory to a file");
                var (d, b) = SplitDirEntry(dstInfoPath);
                resolvedDst = d;
                rebase = b;
            }
            else
            {
                if (HasTrailingSeparator(dstInfoPath) && !srcIsDir)
                    throw new CliException("Error response from daemon: Could not find the file " + dstInfoPath + " in container " + container);
                var (d, b) = SplitDirEntry(dstInfoPath);
                resolvedDst = d;
                rebase = b;
            }
            var ms = new MemoryStream();
            using (var writer = new TarWriter(ms, TarEntryFormat.Pax, leaveOpen: true))
                AddToTar(writer, localPath, rebase == "." ? "" : rebase ?? srcBase);
            ms.Position = 0;
            counting = new CountingStream(ms);
            content = counting;
            _ = srcDir;
        }
        var q = new QueryString().Set("path", resolvedDst).Set("noOverwriteDirNonDir", "true");
        if (ctx.Flags.GetBool("archive")) q.Set("copyUIDGID", "true");
        using (var r = ctx.Client.Send("PUT", ObjectPaths.Container(container) + "/archive", q, bodyStream: content))
            r.ReadAllBytes();
        if (!quiet && counting is not null)
            ctx.Err.WriteLine($"Successfully copied {Units.HumanSizeWithPrecision(counting.Total, 3)} to {container}:{dstInfoPath}");
        return 0;
    }

    private static bool IsSymlink(string p) => new FileInfo(p).LinkTarget is not null;

    private static void AddToTar(TarWriter writer, string path, string entryName)
    {
        bool isDir = Directory.Exists(path) && new FileInfo(path).LinkTarget is null;
        if (entryName.Length > 0) writer.WriteEntry(path, isDir ? entryName + "/" : entryName);
        if (!isDir) return;
        foreach (var child in Directory.EnumerateFileSystemEntries(path).OrderBy(p => p, StringComparer.Ordinal))
        {
            string name = Path.GetFileName(child);
            AddToTar(writer, child, entryName.Length == 0 ? name : entryName + "/" + name);
        }
    }

    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Total { get; private set; }
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = inner.Read(buffer, offset, count);
            Total += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    internal static string Utf8(byte[] b) => Encoding.UTF8.GetString(b);
}
