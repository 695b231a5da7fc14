using System.Security.Cryptography;
using System.Text;
using Berth.Build.Context;
using Berth.Build.Copying;
using Berth.Build.Instructions;
using Berth.Images.Archive;
using Berth.Images.Metadata;
using Berth.Linux;
using Berth.Linux.Fs;

namespace Berth.Build.Execution;

internal sealed partial class StageRunner
{
    // ---- WORKDIR -----------------------------------------------------------------------------------------------

    private async Task WorkdirAsync(StageState s, WorkdirInstruction i)
    {
        string requested = Expand(s, i.Path, i);
        if (requested.Length == 0) throw BuildException.Invalid("cannot normalize nothing");
        string wd = requested.StartsWith('/') ? requested : DockerIgnore.CleanPath("/" + (s.RunConfig.WorkingDir ?? "") + "/" + requested);
        s.RunConfig.WorkingDir = wd;
        string createdBy = NopLine(s, "WORKDIR " + wd, twoArgs: false);
        string key = StepCommitter.Key(s, createdBy, "");
        if (await TryCacheAsync(s, key)) return;
        using var root = StepRoot.Prepare(Storage, session.Host.RunDirectory, s.Image?.TopLayer);
        root.Mount();
        using (var rd = RootDirectory.Open(root.MountPoint))
        using (var copier = new TreeCopier(rd))
        {
            if (copier.Exists(wd) && !copier.IsDirectory(wd)) throw BuildException.Invalid($"Cannot mkdir: {wd} is not a directory");
            using (copier.EnsureDirectory(wd, null)) { }
        }
        root.Unmount();
        var (image, config) = root.UpperIsEmpty
            ? await Committer.CommitConfigAsync(s, createdBy, Cancel)
            : await Committer.CommitLayerAsync(s, createdBy, root.Snapshot.UpperDir, Cancel);
        Remember(key, s, image, config, createdBy);
    }

    // ---- COPY / ADD --------------------------------------------------------------------------------------------

    private async Task CopyAsync(StageState s, CopyInstruction i)
    {
        string cmdName = i.IsAdd ? "ADD" : "COPY";
        var sources = i.Sources.Select(x => Expand(s, x, i)).ToList();
        string dest = Expand(s, i.Destination, i);
        string? chown = i.Chown is null ? null : Expand(s, i.Chown, i);
        if (chown?.Length == 0) chown = null;
        string? chmod = i.Chmod is null ? null : Expand(s, i.Chmod, i);
        var chmodSpec = string.IsNullOrEmpty(chmod) ? null : ChmodSpec.Parse(chmod);
        string? from = i.From is null ? null : Expand(s, i.From, i);
        var excludes = i.Excludes.Count > 0 ? new DockerIgnore(i.Excludes.Select(e => Expand(s, e, i))) : null;

        var temp = new List<string>();
        try
        {
            // Where sources come from: the context, or another stage's or an image's files.
            ImageRecord? fromImage = null;
            ImageView? view = null;
            if (!string.IsNullOrEmpty(from))
            {
                var dep = session.FindStage(from, stage.Index);
                fromImage = dep is not null
                    ? (await session.StageResultAsync(dep)).Image
                    : await session.Host.ResolveImageAsync(from, null, false, output, Cancel);
                view = session.View(fromImage);
            }
            var infos = new List<CopySource>();
            foreach (var src in sources)
            {
                if (i.IsAdd && RemoteDownloader.IsGitUrl(src))
                    throw new BuildException(BuildErrorKind.NotImplemented, $"ADD of a Git repository is not supported: {src}");
                if (RemoteDownloader.IsUrl(src))
                {
                    if (!i.IsAdd) throw BuildException.Invalid($"{cmdName} failed: source can't be a URL for COPY");
                    infos.Add(await DownloadAsync(src, dest, i, temp));
                    continue;
                }
                if (view is not null) infos.AddRange(ImageSources(view, fromImage, src));
                else infos.AddRange(ContextSources(src, cmdName));
            }
            foreach (var doc in i.InlineSources) infos.Add(InlineSource(s, doc, i, temp));
            if (infos.Count == 0) throw BuildException.Invalid($"{cmdName} failed: no source files were specified");
            if (infos.Count > 1 && !dest.EndsWith('/'))
                throw BuildException.Invalid($"When using {cmdName} with more than one source file, the destination must be a directory and end with a /");

            string srcHash = infos.Count == 1 ? infos[0].Hash : TarSum.HashList("multi", infos.Select(x => x.Hash));
            var flags = new StringBuilder();
            if (chmodSpec is not null) flags.Append("--chmod=").Append(chmodSpec.Text).Append(' ');
            if (i.Link) flags.Append("--link ");
            if (i.Parents) flags.Append("--parents ");
            foreach (var e in i.Excludes) flags.Append("--exclude=").Append(e).Append(' ');
            string chownComment = chown is null ? "" : "--chown=" + chown;
            string comment = $"{cmdName} {chownComment}{flags}{srcHash} in {dest} ";
            string createdBy = NopLine(s, comment, twoArgs: false);
            string extra = $"from={fromImage?.Id.ToString() ?? (from ?? "")};unpack={i.Unpack};checksum={i.Checksum}";
            string key = StepCommitter.Key(s, createdBy, extra);
            if (await TryCacheAsync(s, key)) return;

            string linkKey = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("link\n" + createdBy + "\n" + extra + "\n" + (s.RunConfig.WorkingDir ?? ""))));
            if (i.Link && !session.Request.NoCache && Committer.Cache.LinkLayer(linkKey) is { } linked && Storage.Content.Exists(linked.Blob))
            {
                var (img, cfg) = await Committer.CommitBlobAsync(s, createdBy, linked.Blob, linked.DiffId, linked.Size, Cancel);
                Remember(key, s, img, cfg, createdBy);
                return;
            }

            using var root = StepRoot.Prepare(Storage, session.Host.RunDirectory, i.Link ? null : s.Image?.TopLayer);
            root.Mount();
            using (var destRoot = RootDirectory.Open(root.MountPoint))
            using (var copier = new TreeCopier(destRoot))
            {
                (uint, uint)? owner = (0, 0);
                if (chown is not null)
                {
                    // --link copies into an empty tree: names are looked up in the stage's image instead.
                    if (i.Link && s.Image is not null) owner = Ownership.Resolve(chown, RootDirectoryOf(session.View(s.Image).Root));
                    else owner = Ownership.Resolve(chown, destRoot);
                }
                else if (view is not null) owner = null;
                var options = new CopyOptions { Owner = owner, Chmod = chmodSpec, Excludes = excludes };
                string destPath = NormalizeDest(s.RunConfig.WorkingDir, dest);
                foreach (var info in infos) Copy(copier, info, destPath, options, i);
            }
            root.Unmount();
            if (i.Link)
            {
                var (blob, diffId, size) = await Committer.WriteLayerAsync(root.Snapshot.UpperDir, Cancel);
                Committer.Cache.StoreLinkLayer(linkKey, blob, diffId, size);
                var (img, cfg) = await Committer.CommitBlobAsync(s, createdBy, blob, diffId, size, Cancel);
                Remember(key, s, img, cfg, createdBy);
                return;
            }
            var (image, config) = await Committer.CommitLayerAsync(s, createdBy, root.Snapshot.UpperDir, Cancel);
            Remember(key, s, image, config, createdBy);
        }
        finally
        {
            foreach (var t in temp)
            {
                try { FsTree.RemoveAll(t); } catch (Exception e) when (e is IOException or UnauthorizedAccessException or SyscallException) { }
            }
        }
    }

    private static RootDirectory RootDirectoryOf(string path) => RootDirectory.Open(path);

    /// <summary>A relative destination is under the WORKDIR; a trailing slash is kept (it means "into this directory").</summary>
    private static string NormalizeDest(string? workingDir, string dest)
    {
        if (dest.StartsWith('/')) return dest;
        string joined = DockerIgnore.CleanPath("/" + (workingDir ?? "") + "/" + dest);
        return dest.EndsWith('/') && !joined.EndsWith('/') ? joined + "/" : joined;
    }

    /// <summary>"./a/b" → "a/b" (leading "/" and "./" dropped), as the classic builder reads COPY sources.</summary>
    private static string TrimSource(string src)
    {
        string p = src;
        while (p.StartsWith('/')) p = p[1..];
        if (p.StartsWith("./", StringComparison.Ordinal)) p = p[2..];
        return p;
    }

    private List<CopySource> ContextSources(string src, string cmdName)
    {
        var ctx = session.Request.Context;
        string orig = TrimSource(src);
        if (GoGlob.HasWildcards(orig))
        {
            var list = new List<CopySource>();
            foreach (var rel in Walk(ctx.Root, ""))
                if (GoGlob.Match(orig, rel)) list.Add(ContextSource(ctx, rel, cmdName));
            return list;
        }
        return [ContextSource(ctx, orig, cmdName)];
    }

    private CopySource ContextSource(BuildContext ctx, string orig, string cmdName)
    {
        string? resolved = ctx.Resolve(orig);
        if (resolved is null || ctx.IsEmpty)
            throw BuildException.NotFound($"{cmdName} failed: file not found in build context or excluded by .dockerignore: stat {ContextPath.Clean(orig)}: file does not exist");
        string host = ctx.HostPath(resolved);
        if (!Directory.Exists(host)) return new CopySource(ctx.Root, ContextPath.Clean(orig), "file:" + ctx.Hash(orig), false, false);
        var hashes = new List<string>();
        foreach (var rel in Walk(ctx.Root, resolved, includeRoot: true)) hashes.Add(ctx.Hash(rel));
        hashes.Sort(StringComparer.Ordinal);
        return new CopySource(ctx.Root, ContextPath.Clean(orig), TarSum.HashList("dir", hashes), true, false);
    }

    private List<CopySource> ImageSources(ImageView view, ImageRecord? image, string src)
    {
        string orig = TrimSource(src);
        var hasher = new SourceHasher(view.Root);
        if (GoGlob.HasWildcards(orig))
        {
            var list = new List<CopySource>();
            foreach (var rel in Walk(view.Root, ""))
                if (GoGlob.Match(orig, rel)) list.Add(ImageSource(view, image, hasher, rel));
            return list;
        }
        return [ImageSource(view, image, hasher, orig)];
    }

    private CopySource ImageSource(ImageView view, ImageRecord? image, SourceHasher hasher, string orig)
    {
        string? resolved = hasher.Resolve(orig);
        if (resolved is null) throw BuildException.NotFound($"COPY failed: stat {ContextPath.Clean(orig)}: file does not exist");
        string clean = ContextPath.Clean(orig);
        bool isDir = Directory.Exists(Path.Combine(view.Root, resolved));
        // The hash of a path in an image never changes: it is kept across builds.
        string? cached = image is null ? null : Committer.Cache.PathHash(image.Id, clean);
        if (cached is not null) return new CopySource(view.Root, clean, cached, isDir, false);
        string hash;
        if (!isDir) hash = "file:" + hasher.Hash(orig);
        else
        {
            var hashes = new List<string>();
            foreach (var rel in Walk(view.Root, resolved, includeRoot: true)) hashes.Add(hasher.Hash(rel));
            hashes.Sort(StringComparer.Ordinal);
            hash = TarSum.HashList("dir", hashes);
        }
        if (image is not null) Committer.Cache.StorePathHash(image.Id, clean, hash);
        return new CopySource(view.Root, clean, hash, isDir, false);
    }

    /// <summary>Paths below <paramref name="start"/> (relative to <paramref name="root"/>), lexical order, symlinks not followed.</summary>
    private static IEnumerable<string> Walk(string root, string start, bool includeRoot = false)
    {
        if (includeRoot && start.Length > 0) yield return start;
        var stack = new Stack<string>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            string rel = stack.Pop();
            string host = rel.Length == 0 ? root : Path.Combine(root, rel);
            var names = Directory.EnumerateFileSystemEntries(host).Select(Path.GetFileName).OfType<string>().ToList();
            names.Sort(StringComparer.Ordinal);
            var dirs = new List<string>();
            foreach (var n in names)
            {
                string child = rel.Length == 0 ? n : rel + "/" + n;
                yield return child;
                if (FsCalls.TryStatAt(null, Path.Combine(host, n), FsCalls.AT_SYMLINK_NOFOLLOW, out var st) == 0 && st.IsDirectory) dirs.Add(child);
            }
            for (int k = dirs.Count - 1; k >= 0; k--) stack.Push(dirs[k]);
        }
    }

    private async Task<CopySource> DownloadAsync(string url, string dest, CopyInstruction i, List<string> temp)
    {
        string dir = Path.Combine(session.Host.RunDirectory, "downloads", Guid.NewGuid().ToString("N")[..12]);
        temp.Add(dir);
        var (name, _) = await RemoteDownloader.DownloadAsync(url, dir, i.Checksum, Cancel);
        if (name.Length == 0)
        {
            if (dest.EndsWith('/')) throw BuildException.Invalid($"cannot determine filename for source {url}");
            name = RemoteDownloader.UnnamedFile;
        }
        string hash = new SourceHasher(dir).Hash(name);
        return new CopySource(dir, name, hash, false, NoDecompress: i.Unpack != true);
    }

    private CopySource InlineSource(StageState s, InlineSource doc, CopyInstruction i, List<string> temp)
    {
        string dir = Path.Combine(session.Host.RunDirectory, "heredocs", Guid.NewGuid().ToString("N")[..12]);
        temp.Add(dir);
        Directory.CreateDirectory(dir);
        string data = doc.Expand ? Expand(s, doc.Data, i) : doc.Data;
        string path = Path.Combine(dir, doc.Name);
        File.WriteAllText(path, data);
        File.SetUnixFileMode(path, (UnixFileMode)0x1A4);
        byte[] bytes = Encoding.UTF8.GetBytes(data);
        using var sum = new TarSum(doc.Name, 0x81A4, 0, 0, bytes.Length, '0', "", "", "", 0, 0, null, blankNames: true);
        sum.Append(bytes);
        return new CopySource(dir, doc.Name, "file:" + sum.Finish(), false, true);
    }

    /// <summary>One source into the destination, with the classic builder's rules for directories, files and archives.</summary>
    private static void Copy(TreeCopier copier, CopySource info, string destPath, CopyOptions options, CopyInstruction i)
    {
        using var srcRoot = RootDirectory.Open(info.Root);
        string target = destPath;
        if (i.Parents)
        {
            string rel = info.Path;
            int pivot = rel.IndexOf("/./", StringComparison.Ordinal);
            if (pivot >= 0) rel = rel[(pivot + 3)..];
            string parent = info.IsDirectory ? rel : (rel.Contains('/') ? rel[..rel.LastIndexOf('/')] : "");
            target = DockerIgnore.CleanPath(destPath.TrimEnd('/') + "/" + parent) + (info.IsDirectory ? "" : "/");
        }
        if (info.IsDirectory)
        {
            copier.CopyDirectory(srcRoot, info.Path, target, options);
            return;
        }
        if (i.IsAdd && !info.NoDecompress && IsArchive(srcRoot, info.Path, out var compressed))
        {
            Extract(copier, srcRoot, info.Path, target, compressed);
            return;
        }
        if (target.EndsWith('/') || copier.IsDirectory(target))
            target = target.TrimEnd('/') + "/" + info.Path[(info.Path.LastIndexOf('/') + 1)..];
        copier.CopyFile(srcRoot, info.Path, target, options, followSymlink: true);
    }

    /// <summary>Whether ADD unpacks the file: a tar, plain or compressed, judged by content as the reference says.</summary>
    private static bool IsArchive(RootDirectory root, string path, out bool compressed)
    {
        compressed = false;
        if (root.TryOpen(path, FsCalls.O_RDONLY, 0, out var fd) != 0) return false;
        using (fd)
        using (var fs = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd.DangerousGetHandle(), ownsHandle: false), FileAccess.Read))
        {
            Stream plain;
            try
            {
                var (s, kind) = Compression.Decompress(fs, leaveOpen: true);
                plain = s;
                compressed = kind != Berth.Oci.Images.LayerCompression.None;
            }
            catch (Berth.Images.ImageException e)
            {
                throw BuildException.Invalid($"ADD failed: {path}: {e.Message}");
            }
            using (plain)
            {
                byte[] head = new byte[512];
                int got = 0;
                try
                {
                    while (got < 512)
                    {
                        int n = plain.Read(head, got, 512 - got);
                        if (n == 0) break;
                        got += n;
                    }
                }
                catch (InvalidDataException) { return false; }
                if (got < 512 || !head.AsSpan().ContainsAnyExcept((byte)0)) return false;
                long stored;
                try { stored = RawTarReader.ParseNumeric(head.AsSpan(148, 8)); }
                catch (InvalidDataException) { return false; }
                long sum = 0;
                for (int k = 0; k < 512; k++) sum += k is >= 148 and < 156 ? (byte)' ' : head[k];
                return sum == stored;
            }
        }
    }

    /// <summary>ADD of a local archive: unpacked into the destination directory, entries keeping their own owners.</summary>
    private static void Extract(TreeCopier copier, RootDirectory srcRoot, string path, string destDir, bool compressed)
    {
        using var dir = copier.EnsureDirectory(destDir, null);
        FsCalls.TryReadLinkAt(null, "/proc/self/fd/" + dir.Fd.ToString(System.Globalization.CultureInfo.InvariantCulture), out var hostDir);
        using var fd = srcRoot.Open(path, FsCalls.O_RDONLY);
        using var fs = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd.DangerousGetHandle(), ownsHandle: false), FileAccess.Read);
        var (plain, _) = Compression.Decompress(fs, leaveOpen: true);
        using (plain)
        {
            try
            {
                TarApplier.Apply(plain, hostDir, new TarApplyOptions { Whiteouts = WhiteoutMode.Remove });
            }
            catch (Berth.Images.ImageException e)
            {
                throw BuildException.Invalid($"ADD failed: {path}: {e.Message}");
            }
        }
        _ = compressed;
    }
}
