using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Berth.Build.Context;
using Berth.Build.Copying;
using Berth.Build.Instructions;
using Berth.Build.Parsing;
using Berth.Images.Archive;
using Berth.Linux;
using Berth.Linux.Fs;

namespace Berth.Build.Execution;

internal sealed partial class StageRunner
{
    /// <summary>Cache mounts with sharing=locked wait for each other, across builds.</summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> s_cacheLocks = new(StringComparer.Ordinal);
    /// <summary>Cache mounts in use (sharing=private gets a fresh directory when its id is busy).</summary>
    private static readonly ConcurrentDictionary<string, int> s_cacheUsers = new(StringComparer.Ordinal);

    private async Task RunStepAsync(StageState s, RunInstruction i)
    {
        var cmd = RunCommand(s, i, out var pipes);
        var buildArgs = s.Args.FilterAllowed(s.RunConfig.Env);
        var saveCmd = cmd;
        if (buildArgs.Count > 0)
        {
            var shown = buildArgs.Where(e => s.Args.IsReferencedOrNotBuiltin(e[..e.IndexOf('=')])).ToList();
            shown.Sort(StringComparer.Ordinal);
            saveCmd = ["|" + shown.Count.ToString(CultureInfo.InvariantCulture), .. shown, .. cmd];
        }
        string createdBy = string.Join(' ', saveCmd);
        var mounts = i.Mounts.Select(m => RunMountParser.Parse(m, v => Expand(s, v, i))).ToList();
        foreach (var m in mounts)
            if (m.Type == "ssh") throw new BuildException(BuildErrorKind.NotImplemented, "RUN --mount=type=ssh is not supported: this builder has no SSH agent forwarding");
        string network = i.Network ?? session.Request.NetworkMode;
        if (string.IsNullOrEmpty(network)) network = "default";
        var extra = new StringBuilder($"network={network};security={i.Security}");
        foreach (var m in mounts) extra.Append('\n').Append(m.CacheText()).Append(';').Append(await MountSourceHashAsync(s, m));
        foreach (var p in pipes) extra.Append("\npipe=").Append(p.Name).Append(':').Append(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(p.Data))));
        string key = StepCommitter.Key(s, createdBy, extra.ToString());
        if (await TryCacheAsync(s, key)) return;

        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var cleanup = new List<Action>();
        SemaphoreSlim? locked = null;
        try
        {
            using var root = StepRoot.Prepare(Storage, session.Host.RunDirectory, s.Image?.TopLayer);
            root.Mount();
            string workdir = string.IsNullOrEmpty(s.RunConfig.WorkingDir) ? "/" : s.RunConfig.WorkingDir!;
            var specs = new List<RunMountSpec>();
            var env = new List<string>(s.RunConfig.Env ?? []);
            env.AddRange(buildArgs);
            foreach (var m in mounts)
            {
                var (spec, lk) = await PrepareMountAsync(s, m, workdir, id, env, cleanup);
                if (spec is not null) specs.Add(spec);
                locked ??= lk;
            }
            foreach (var p in pipes)
            {
                string dir = Path.Combine(session.Host.RunDirectory, "pipes", id[..12]);
                Directory.CreateDirectory(dir);
                string file = Path.Combine(dir, p.Name);
                File.WriteAllText(file, p.Data);
                File.SetUnixFileMode(file, (UnixFileMode)0x1ED);
                cleanup.Add(() => FsTree.RemoveAll(dir));
                specs.Add(new RunMountSpec("bind", file, "/dev/pipes/" + p.Name, true, []));
            }
            // Mount points the runtime needs go into a layer of their own below the step's changes, as Docker's init layer.
            string? init = BuildMountPointLayer(root, specs, id);
            if (init is not null) root.Mount(init);

            await Say($" ---> Running in {id[..12]}\n");
            var stdout = new Utf8Chunks();
            var stderr = new Utf8Chunks();
            var request = new RunRequest
            {
                Id = id, Rootfs = root.MountPoint, Args = cmd, Env = env, User = s.RunConfig.User ?? "", WorkingDir = workdir,
                NetworkMode = network, Privileged = i.Security == "insecure", Mounts = specs, ExtraHosts = session.Request.ExtraHosts,
                Output = async (data, isStderr) =>
                {
                    string text = (isStderr ? stderr : stdout).Decode(data.Span);
                    if (text.Length > 0) await output.WriteAsync(new BuildMessage { Stream = text, IsStderr = isStderr });
                },
                Memory = session.Request.Memory, MemorySwap = session.Request.MemorySwap, CpuShares = session.Request.CpuShares,
                CpuQuota = session.Request.CpuQuota, CpuPeriod = session.Request.CpuPeriod, CpusetCpus = session.Request.CpusetCpus,
                CpusetMems = session.Request.CpusetMems, ShmSize = session.Request.ShmSize, CgroupParent = session.Request.CgroupParent,
            };
            int exit = await session.Host.Runner.RunAsync(request, Cancel);
            string tail = stdout.Flush();
            if (tail.Length > 0) await output.WriteAsync(BuildMessage.Text(tail));
            tail = stderr.Flush();
            if (tail.Length > 0) await output.WriteAsync(new BuildMessage { Stream = tail, IsStderr = true });
            root.Unmount();
            if (exit != 0)
                throw new BuildException(BuildErrorKind.StepFailed, $"The command '{string.Join(' ', cmd)}' returned a non-zero code: {exit}") { ExitCode = exit };
            var (image, config) = root.UpperIsEmpty
                ? await Committer.CommitConfigAsync(s, createdBy, Cancel)
                : await Committer.CommitLayerAsync(s, createdBy, root.Snapshot.UpperDir, Cancel);
            Remember(key, s, image, config, createdBy);
            if (session.Request.RemoveIntermediate) await Say($"Removing intermediate container {id[..12]}\n");
        }
        finally
        {
            locked?.Release();
            foreach (var c in cleanup)
            {
                try { c(); } catch (Exception e) when (e is IOException or UnauthorizedAccessException or SyscallException) { }
            }
        }
    }

    /// <summary>
    /// The argv a RUN runs, with BuildKit's here-document rules: a lone heredoc is the script (a file run directly
    /// when it starts with #!), otherwise the heredocs are put back after the command for the shell to read.
    /// </summary>
    private static List<string> RunCommand(StageState s, RunInstruction i, out List<(string Name, string Data)> pipes)
    {
        pipes = new();
        var heredocs = i.Node?.Heredocs ?? [];
        if (heredocs.Count == 0) return Resolve(s, i.Command);
        var args = i.Command.Args;
        if (args.Count != 1 || !i.Command.PrependShell) throw BuildException.Invalid("parsing produced an invalid run command");
        string script;
        if (DockerfileParser.ParseHeredocWord(args[0]) is not null)
        {
            string data = heredocs[0].EffectiveContent;
            if (data.StartsWith("#!", StringComparison.Ordinal))
            {
                pipes.Add((heredocs[0].Name, data));
                script = "/dev/pipes/" + heredocs[0].Name;
            }
            else script = data;
        }
        else
        {
            var b = new StringBuilder(args[0]);
            foreach (var h in heredocs) b.Append('\n').Append(h.Content).Append(h.Name);
            script = b.ToString();
        }
        return [.. s.Shell(), script];
    }

    /// <summary>What a mount's content depends on, for the cache key (cache and tmpfs mounts never bust the cache).</summary>
    private async Task<string> MountSourceHashAsync(StageState s, RunMount m)
    {
        if (m.Type != "bind") return "";
        if (string.IsNullOrEmpty(m.From))
        {
            var ctx = session.Request.Context;
            string src = ContextPath.Clean(m.Source ?? "");
            string? resolved = ctx.Resolve(src);
            if (resolved is null) return "missing:" + src;
            if (!Directory.Exists(ctx.HostPath(resolved))) return "file:" + ctx.Hash(src);
            var hashes = new List<string>();
            foreach (var rel in Walk(ctx.Root, resolved, includeRoot: resolved.Length > 0)) hashes.Add(ctx.Hash(rel));
            hashes.Sort(StringComparer.Ordinal);
            return TarSum.HashList("dir", hashes);
        }
        var image = await MountImageAsync(m.From!);
        return "image:" + (image?.Id.ToString() ?? "scratch");
    }

    private async Task<Berth.Images.Metadata.ImageRecord?> MountImageAsync(string from)
    {
        var dep = session.FindStage(from, stage.Index);
        return dep is not null ? (await session.StageResultAsync(dep)).Image : await session.Host.ResolveImageAsync(from, null, false, output, Cancel);
    }

    private static string Absolute(string target, string workdir) =>
        target.StartsWith('/') ? DockerIgnore.CleanPath(target) : DockerIgnore.CleanPath("/" + workdir + "/" + target);

    private async Task<(RunMountSpec?, SemaphoreSlim?)> PrepareMountAsync(StageState s, RunMount m, string workdir, string id, List<string> env, List<Action> cleanup)
    {
        switch (m.Type)
        {
            case "bind":
            {
                string sourceRoot = string.IsNullOrEmpty(m.From) ? session.Request.Context.Root : session.View(await MountImageAsync(m.From!)).Root;
                string src = ContextPath.Clean(m.Source ?? "");
                string host;
                using (var r = RootDirectory.Open(sourceRoot))
                {
                    if (r.TryOpen(src, FsCalls.O_PATH, 0, out var fd) != 0)
                        throw BuildException.NotFound($"failed to mount {m.Target}: source {(src.Length == 0 ? "/" : src)} does not exist");
                    using (fd) FsCalls.TryReadLinkAt(null, "/proc/self/fd/" + fd.Fd.ToString(CultureInfo.InvariantCulture), out host);
                }
                if (!m.ReadOnly && Directory.Exists(host))
                {
                    // Writes to a read-write bind are thrown away: an overlay on the source with a scratch upper.
                    string dir = Path.Combine(session.Host.RunDirectory, "rw", id[..12] + "-" + cleanup.Count.ToString(CultureInfo.InvariantCulture));
                    foreach (var d in new[] { "upper", "work", "merged" }) Directory.CreateDirectory(Path.Combine(dir, d));
                    OverlayMount.Mount([host], Path.Combine(dir, "upper"), Path.Combine(dir, "work"), Path.Combine(dir, "merged"));
                    cleanup.Add(() =>
                    {
                        if (OverlayMount.TryUnmount(Path.Combine(dir, "merged")) != 0) OverlayMount.TryUnmount(Path.Combine(dir, "merged"), detach: true);
                        FsTree.RemoveAll(dir);
                    });
                    host = Path.Combine(dir, "merged");
                }
                return (new RunMountSpec("bind", host, Absolute(m.Target!, workdir), m.ReadOnly, []), null);
            }
            case "tmpfs":
                return (new RunMountSpec("tmpfs", null, Absolute(m.Target!, workdir), false,
                    m.SizeLimit > 0 ? ["size=" + m.SizeLimit.ToString(CultureInfo.InvariantCulture)] : []), null);
            case "cache":
            {
                string cacheId = string.IsNullOrEmpty(m.Id) ? Absolute(m.Target!, workdir) : m.Id!;
                string dir = Path.Combine(session.Host.WorkDirectory, "cache-mounts", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cacheId)))[..32]);
                SemaphoreSlim? lk = null;
                string sharing = m.Sharing ?? "shared";
                if (sharing == "locked")
                {
                    lk = s_cacheLocks.GetOrAdd(cacheId, _ => new SemaphoreSlim(1, 1));
                    await lk.WaitAsync(Cancel);
                }
                else if (sharing == "private" && s_cacheUsers.GetValueOrDefault(cacheId) > 0)
                {
                    dir = Path.Combine(session.Host.RunDirectory, "private-cache", id[..12]);
                    string privateDir = dir;
                    cleanup.Add(() => FsTree.RemoveAll(privateDir));
                }
                s_cacheUsers.AddOrUpdate(cacheId, 1, (_, n) => n + 1);
                cleanup.Add(() => s_cacheUsers.AddOrUpdate(cacheId, 0, (_, n) => Math.Max(0, n - 1)));
                if (!Directory.Exists(dir))
                {
                    string tmp = dir + ".new-" + id[..8];
                    Directory.CreateDirectory(tmp);
                    if (!string.IsNullOrEmpty(m.From))
                    {
                        var view = session.View(await MountImageAsync(m.From!));
                        using var src = RootDirectory.Open(view.Root);
                        using var dst = RootDirectory.Open(tmp);
                        using var copier = new TreeCopier(dst);
                        copier.CopyDirectory(src, ContextPath.Clean(m.Source ?? ""), "/", new CopyOptions { Owner = null });
                    }
                    File.SetUnixFileMode(tmp, (UnixFileMode)(m.Mode ?? 0x1ED));
                    Users.Chown(tmp, (int)(m.Uid ?? 0), (int)(m.Gid ?? 0));
                    try { Directory.Move(tmp, dir); }
                    catch (IOException) { FsTree.RemoveAll(tmp); }
                }
                return (new RunMountSpec("bind", dir, Absolute(m.Target!, workdir), m.ReadOnly, []), lk);
            }
            case "secret":
            {
                string secretId = m.Id ?? m.Source ?? Path.GetFileName((m.Target ?? "").TrimEnd('/'));
                if (!session.Request.Secrets.TryGetValue(secretId, out var data))
                {
                    if (m.Required) throw BuildException.NotFound($"secret {secretId} not found");
                    return (null, null);
                }
                if (m.Env is { Length: > 0 } name) env.Add(name + "=" + Encoding.UTF8.GetString(data));
                if (m.Env is { Length: > 0 } && m.Target is null) return (null, null);
                string target = m.Target ?? "/run/secrets/" + secretId;
                string dir = Path.Combine(session.Host.RunDirectory, "secrets", id[..12]);
                Directory.CreateDirectory(dir);
                File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                string file = Path.Combine(dir, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secretId)))[..16]);
                File.WriteAllBytes(file, data);
                File.SetUnixFileMode(file, (UnixFileMode)(m.Mode ?? 0x100));
                Users.Chown(file, (int)(m.Uid ?? 0), (int)(m.Gid ?? 0));
                cleanup.Add(() => FsTree.RemoveAll(dir));
                return (new RunMountSpec("bind", file, Absolute(target, workdir), true, []), null);
            }
        }
        throw BuildException.Invalid($"unsupported mount type \"{m.Type}\"");
    }

    /// <summary>
    /// A directory holding the mount points the RUN container needs and its image lacks (/proc, /etc/hosts, mount
    /// targets…), with the image's own attributes for the directories on the way. Mounted as the top lower layer,
    /// it keeps those stubs out of the step's layer. Null when the image has them all.
    /// </summary>
    private string? BuildMountPointLayer(StepRoot root, List<RunMountSpec> specs, string id)
    {
        var wanted = new List<(string Path, bool IsDir)>(RunRequest.SystemMountPoints);
        foreach (var spec in specs)
        {
            string d = spec.Destination;
            if (d.StartsWith("/proc/", StringComparison.Ordinal) || d.StartsWith("/sys/", StringComparison.Ordinal) || d.StartsWith("/dev/", StringComparison.Ordinal)) continue;
            bool isDir = spec.Type == "tmpfs" || (spec.Source is not null && Directory.Exists(spec.Source));
            wanted.Add((d, isDir));
        }
        string? initDir = null;
        using var rootfs = RootDirectory.Open(root.MountPoint);
        foreach (var (path, isDir) in wanted)
        {
            string clean = ContextPath.Clean(path);
            if (rootfs.TryOpen(clean, FsCalls.O_PATH, 0, out var existing) == 0)
            {
                existing.Dispose();
                continue;
            }
            // The deepest existing ancestor, by its real path (symlinks resolved inside the root).
            var parts = clean.Split('/');
            int have = parts.Length - 1;
            string real = "";
            for (; have > 0; have--)
            {
                if (rootfs.TryOpen(string.Join('/', parts.Take(have)), FsCalls.O_PATH | FsCalls.O_DIRECTORY, 0, out var fd) != 0) continue;
                using (fd)
                {
                    FsCalls.TryReadLinkAt(null, "/proc/self/fd/" + fd.Fd.ToString(CultureInfo.InvariantCulture), out var r);
                    string mp = Path.GetFullPath(root.MountPoint).TrimEnd('/');
                    real = r == mp ? "" : r.StartsWith(mp + "/", StringComparison.Ordinal) ? r[(mp.Length + 1)..] : "";
                }
                break;
            }
            if (initDir is null)
            {
                initDir = Path.Combine(session.Host.RunDirectory, "init", id[..12]);
                Directory.CreateDirectory(initDir);
                CopyAttributes(rootfs, "", initDir);
            }
            // Directories that exist in the image, copied with their attributes; then the missing ones.
            string sofar = "";
            foreach (var p in real.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                sofar = sofar.Length == 0 ? p : sofar + "/" + p;
                string target = Path.Combine(initDir, sofar);
                if (!Directory.Exists(target))
                {
                    Directory.CreateDirectory(target);
                    CopyAttributes(rootfs, sofar, target);
                }
            }
            var missing = parts.Skip(have).ToList();
            for (int k = 0; k < missing.Count; k++)
            {
                sofar = sofar.Length == 0 ? missing[k] : sofar + "/" + missing[k];
                string target = Path.Combine(initDir, sofar);
                bool last = k == missing.Count - 1;
                if (!last || isDir)
                {
                    Directory.CreateDirectory(target);
                    File.SetUnixFileMode(target, (UnixFileMode)0x1ED);
                }
                else if (!File.Exists(target))
                {
                    File.WriteAllBytes(target, []);
                    File.SetUnixFileMode(target, (UnixFileMode)0x1A4);
                }
            }
        }
        return initDir;
    }

    private static void CopyAttributes(RootDirectory rootfs, string rel, string target)
    {
        if (rootfs.TryOpen(rel.Length == 0 ? "." : rel, FsCalls.O_PATH, 0, out var fd) != 0) return;
        using (fd)
        {
            var st = FsCalls.StatAt(fd, "", FsCalls.AT_EMPTY_PATH);
            FsCalls.TryChmodAt(null, target, st.Permissions);
            FsCalls.TryChownAt(null, target, st.Uid, st.Gid, FsCalls.AT_SYMLINK_NOFOLLOW);
            FsCalls.TryUtimensAt(null, target, st.MtimeSeconds, st.MtimeNanoseconds, st.MtimeSeconds, st.MtimeNanoseconds, 0);
        }
    }

    /// <summary>Decodes a byte stream as UTF-8 across chunk boundaries.</summary>
    private sealed class Utf8Chunks
    {
        private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();

        public string Decode(ReadOnlySpan<byte> data)
        {
            var chars = new char[Encoding.UTF8.GetMaxCharCount(data.Length)];
            int n = _decoder.GetChars(data, chars, flush: false);
            return new string(chars, 0, n);
        }

        public string Flush()
        {
            var chars = new char[16];
            int n = _decoder.GetChars(ReadOnlySpan<byte>.Empty, chars, flush: true);
            return new string(chars, 0, n);
        }
    }
}
