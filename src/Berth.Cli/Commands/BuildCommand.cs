using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Berth.Cli.Client;
using Berth.Cli.Config;
using Berth.Cli.Formatting;
using Berth.Cli.Options;
using Berth.Cli.Parsing;
using Berth.Cli.Progress;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>
/// `berth build` (the classic builder API): the context tarred with .dockerignore applied, POST /build with the
/// options as query parameters and X-Registry-Config, the progress stream shown as docker shows it.
/// </summary>
public static class BuildCommand
{
    public static void Register(Dictionary<string, CommandBinding> d) =>
        d["image build"] = new CommandBinding
        {
            Handler = Run,
            Args = ArgsRule.Exact(1),
            Configure = flags =>
            {
                foreach (var f in flags)
                {
                    if (f.Name == "build-arg") f.Validator = Validators.Env;
                    else if (f.Name == "add-host") f.Validator = Validators.ExtraHost;
                    else if (f.Name == "label") f.Validator = Validators.Label;
                }
            },
        };

    private static int Run(CommandContext ctx)
    {
        var f = ctx.Flags;
        string specified = ctx.Args[0];
        string dockerfile = f.GetString("file");
        bool quiet = f.GetBool("quiet");
        bool dockerfileFromStdin = dockerfile == "-";
        bool contextFromStdin = specified == "-";
        if (dockerfileFromStdin && contextFromStdin) throw new CliException("invalid argument: can't use stdin for both build context and dockerfile");
        string iidFile = f.GetString("iidfile");
        if (iidFile.Length > 0 && File.Exists(iidFile)) File.Delete(iidFile);

        byte[] context;
        string relDockerfile;
        if (contextFromStdin)
        {
            var ms = new MemoryStream();
            ctx.Cli.IO.StdinStream.CopyTo(ms);
            var bytes = ms.ToArray();
            if (IsArchive(bytes))
            {
                context = bytes;
                relDockerfile = dockerfile.Length > 0 ? dockerfile : "Dockerfile";
            }
            else
            {
                relDockerfile = "Dockerfile";
                context = TarOf([("Dockerfile", bytes)]);
            }
        }
        else if (Directory.Exists(specified))
        {
            string contextDir = Path.GetFullPath(specified);
            string dfPath = dockerfileFromStdin ? "" : dockerfile.Length == 0 ? Path.Combine(contextDir, "Dockerfile")
                : Path.GetFullPath(Path.IsPathRooted(dockerfile) ? dockerfile : Path.Combine(ctx.Cli.IO.WorkingDirectory, dockerfile));
            if (!dockerfileFromStdin && dockerfile.Length == 0 && !File.Exists(dfPath) && File.Exists(Path.Combine(contextDir, "dockerfile")))
                dfPath = Path.Combine(contextDir, "dockerfile");
            if (!dockerfileFromStdin && !File.Exists(dfPath))
                throw new CliException($"unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat {dfPath}: no such file or directory");
            var ignore = DockerIgnore.Read(contextDir);
            relDockerfile = dockerfileFromStdin ? "" : Path.GetRelativePath(contextDir, dfPath).Replace('\\', '/');
            byte[]? extraDockerfile = null;
            if (dockerfileFromStdin)
            {
                var ms = new MemoryStream();
                ctx.Cli.IO.StdinStream.CopyTo(ms);
                extraDockerfile = ms.ToArray();
            }
            else if (relDockerfile.StartsWith("../", StringComparison.Ordinal))
            {
                extraDockerfile = File.ReadAllBytes(dfPath);
            }
            var keep = new HashSet<string>(StringComparer.Ordinal) { ".dockerignore" };
            if (!dockerfileFromStdin) keep.Add(relDockerfile);
            context = TarDirectory(contextDir, ignore, keep, extraDockerfile, out string? addedName);
            if (addedName is not null) relDockerfile = addedName;
        }
        else if (specified.StartsWith("http://", StringComparison.Ordinal) || specified.StartsWith("https://", StringComparison.Ordinal)
            || specified.StartsWith("git@", StringComparison.Ordinal) || specified.StartsWith("git://", StringComparison.Ordinal))
        {
            throw new CliException($"unable to prepare context: remote build contexts are not supported by berth yet: {specified}");
        }
        else
        {
            throw new CliException($"unable to prepare context: path {GoStrings.Quote(specified)} not found");
        }
        if (f.GetBool("compress"))
        {
            var gz = new MemoryStream();
            using (var z = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true)) z.Write(context);
            context = gz.ToArray();
        }

        var progress = quiet ? new StringWriter() : (TextWriter)ctx.Out;
        var build = quiet ? new StringWriter() : (TextWriter)ctx.Out;
        progress.Write($"Sending build context to Docker daemon {Units.HumanSize(context.Length),8}\r\r\n");
        progress.Flush();

        var q = BuildQuery(ctx, relDockerfile);
        var auths = new StringBuilder("{");
        bool first = true;
        foreach (var (server, entry) in ctx.Cli.Config.AllAuths())
        {
            if (!first) auths.Append(',');
            first = false;
            GoJson.WriteString(auths, server, true);
            auths.Append(':');
            var a = GoSchema.New("registry.AuthConfig");
            a["Username"] = entry.Username;
            a["Password"] = entry.Password;
            a["ServerAddress"] = server;
            a["IdentityToken"] = entry.IdentityToken;
            auths.Append(GoJson.Encode(a));
        }
        auths.Append('}');
        var headers = new Dictionary<string, string>
        {
            ["X-Registry-Config"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(auths.ToString())).Replace('+', '-').Replace('/', '_'),
        };
        string imageId = "";
        try
        {
            using var response = ctx.Client.Send("POST", "/build", q, contentType: "application/x-tar", bodyStream: new MemoryStream(context), headers: headers);
            JsonMessageRenderer.Display(response.Body, build, ctx.Cli.IsOutTerminal && !quiet, ctx.Cli.IO.StdoutFd, jm =>
            {
                if (jm.Aux is { } aux && System.Text.Json.JsonDocument.Parse(aux).RootElement is { ValueKind: System.Text.Json.JsonValueKind.Object } r
                    && r.TryGetProperty("ID", out var id))
                    imageId = id.GetString() ?? "";
            });
        }
        catch (CliException e) when (e is not DaemonUnavailableException and not ApiException)
        {
            if (quiet)
            {
                ctx.Err.Write(progress.ToString() ?? "");
                ctx.Err.Write(build.ToString() ?? "");
            }
            throw;
        }
        if (quiet)
        {
            imageId = build.ToString() ?? "";
            ctx.Out.Write(imageId);
        }
        if (iidFile.Length > 0)
        {
            if (imageId.Length == 0) throw new CliException($"Server did not provide an image ID. Cannot write {iidFile}");
            File.WriteAllText(iidFile, imageId);
        }
        return 0;
    }

    private static QueryString BuildQuery(CommandContext ctx, string relDockerfile)
    {
        var f = ctx.Flags;
        var q = new QueryString();
        foreach (var t in f.GetList("tag"))
        {
            if (!ImageReference.TryParse(t, out _, out var err)) throw new CliException($"invalid argument \"{t}\" for \"-t, --tag\" flag: {err}");
            q.Add("t", t);
        }
        foreach (var s in f.GetList("security-opt")) q.Add("securityopt", s);
        foreach (var h in f.GetList("add-host")) q.Add("extrahosts", h);
        if (f.GetBool("quiet")) q.Set("q", "1");
        if (f.GetBool("no-cache")) q.Set("nocache", "1");
        if (!f.GetBool("rm")) q.Set("rm", "0");
        if (f.GetBool("force-rm")) q.Set("forcerm", "1");
        if (f.GetBool("pull")) q.Set("pull", "1");
        if (f.GetBool("squash")) q.Set("squash", "1");
        if (f.GetString("isolation") is { Length: > 0 } iso && iso != "default") q.Set("isolation", iso);
        if (f.GetString("cpuset-cpus") is { Length: > 0 } cpus) q.Set("cpusetcpus", cpus);
        if (f.GetString("network") is { Length: > 0 } net && net != "default") q.Set("networkmode", net);
        if (f.GetString("cpuset-mems") is { Length: > 0 } mems) q.Set("cpusetmems", mems);
        if (f.GetInt("cpu-shares") != 0) q.Set("cpushares", Units.Invariant(f.GetInt("cpu-shares")));
        if (f.GetInt("cpu-quota") != 0) q.Set("cpuquota", Units.Invariant(f.GetInt("cpu-quota")));
        if (f.GetInt("cpu-period") != 0) q.Set("cpuperiod", Units.Invariant(f.GetInt("cpu-period")));
        if (f.GetBytes("memory") != 0) q.Set("memory", Units.Invariant(f.GetBytes("memory")));
        if (f.GetBytes("memory-swap") != 0) q.Set("memswap", Units.Invariant(f.GetBytes("memory-swap")));
        if (f.GetString("cgroup-parent") is { Length: > 0 } cg) q.Set("cgroupparent", cg);
        if (f.GetBytes("shm-size") != 0) q.Set("shmsize", Units.Invariant(f.GetBytes("shm-size")));
        if (relDockerfile.Length > 0) q.Set("dockerfile", relDockerfile);
        if (f.GetString("target") is { Length: > 0 } target) q.Set("target", target);
        var ulimits = new SortedDictionary<string, UlimitSpec>(StringComparer.Ordinal);
        foreach (var u in f.GetList("ulimit")) ulimits[UlimitSpec.Parse(u).Name] = UlimitSpec.Parse(u);
        if (ulimits.Count > 0)
        {
            var slice = GoSlice.Empty(GoSchema.Get("units.Ulimit"));
            foreach (var u in ulimits.Values)
            {
                var s = GoSchema.New("units.Ulimit");
                s["Name"] = u.Name;
                s["Hard"] = u.Hard;
                s["Soft"] = u.Soft;
                slice.Items!.Add(s);
            }
            q.Set("ulimits", GoJson.Encode(slice));
        }
        var buildArgs = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var a in f.GetList("build-arg"))
        {
            int eq = a.IndexOf('=');
            buildArgs[eq < 0 ? a : a[..eq]] = eq < 0 ? null : a[(eq + 1)..];
        }
        foreach (var kv in ctx.Cli.Config.ProxyEnvironment(ctx.Cli.HostUrl))
            if (!buildArgs.ContainsKey(kv.Key)) buildArgs[kv.Key] = kv.Value;
        if (buildArgs.Count > 0)
        {
            var m = new GoMap(GoType.MapOf(GoType.PointerTo(GoType.String)), new SortedDictionary<string, object?>(StringComparer.Ordinal));
            foreach (var kv in buildArgs) m.Set(kv.Key, kv.Value is null ? new GoNil(GoType.PointerTo(GoType.String)) : kv.Value);
            q.Set("buildargs", GoJson.Encode(m));
        }
        var labels = f.GetList("label");
        if (labels.Count > 0)
        {
            var m = GoMap.EmptyOf(GoType.String);
            foreach (var l in labels)
            {
                int eq = l.IndexOf('=');
                m.Set(eq < 0 ? l : l[..eq], eq < 0 ? "" : l[(eq + 1)..]);
            }
            q.Set("labels", GoJson.Encode(m));
        }
        var cacheFrom = f.GetList("cache-from");
        if (cacheFrom.Count > 0) q.Set("cachefrom", GoJson.Encode(GoSlice.Of(cacheFrom)));
        if (f.GetString("platform") is { Length: > 0 } platform) q.Set("platform", platform.ToLowerInvariant());
        q.Set("version", "1");
        return q;
    }

    private static bool IsArchive(byte[] b)
    {
        if (b.Length >= 2 && b[0] == 0x1f && b[1] == 0x8b) return true; // gzip
        if (b.Length >= 3 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h') return true; // bzip2
        if (b.Length >= 6 && b[0] == 0xfd && b[1] == '7' && b[2] == 'z' && b[3] == 'X' && b[4] == 'Z') return true; // xz
        if (b.Length >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd) return true; // zstd
        return b.Length >= 262 && Encoding.ASCII.GetString(b, 257, 5) == "ustar";
    }

    private static byte[] TarOf(IEnumerable<(string Name, byte[] Data)> files)
    {
        var ms = new MemoryStream();
        using (var w = new TarWriter(ms, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (name, data) in files)
            {
                var e = new UstarTarEntry(TarEntryType.RegularFile, name)
                {
                    DataStream = new MemoryStream(data),
                    Mode = (UnixFileMode)Convert.ToInt32("644", 8),
                    ModificationTime = DateTimeOffset.UtcNow,
                };
                w.WriteEntry(e);
            }
        }
        return ms.ToArray();
    }

    /// <summary>The context directory as a tar (uid/gid 0), honouring .dockerignore, plus a Dockerfile from elsewhere.</summary>
    private static byte[] TarDirectory(string root, DockerIgnore ignore, HashSet<string> keep, byte[]? extraDockerfile, out string? addedName)
    {
        var ms = new MemoryStream();
        addedName = null;
        using (var w = new TarWriter(ms, TarEntryFormat.Pax, leaveOpen: true))
        {
            void Walk(string dir, string rel)
            {
                foreach (var path in Directory.EnumerateFileSystemEntries(dir).OrderBy(p => p, StringComparer.Ordinal))
                {
                    string name = Path.GetFileName(path);
                    string relPath = rel.Length == 0 ? name : rel + "/" + name;
                    bool isDir = Directory.Exists(path) && new FileInfo(path).LinkTarget is null;
                    if (ignore.Excludes(relPath) && !keep.Contains(relPath))
                    {
                        // with exception patterns a child may still be included, so keep walking excluded directories
                        if (isDir && ignore.HasExclusions) Walk(path, relPath);
                        continue;
                    }
                    WriteEntry(w, path, isDir ? relPath + "/" : relPath);
                    if (isDir) Walk(path, relPath);
                }
            }
            Walk(root, "");
            if (extraDockerfile is not null)
            {
                addedName = ".dockerfile." + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10));
                var e = new PaxTarEntry(TarEntryType.RegularFile, addedName)
                {
                    DataStream = new MemoryStream(extraDockerfile),
                    Mode = (UnixFileMode)Convert.ToInt32("600", 8),
                    ModificationTime = DateTimeOffset.UtcNow,
                };
                w.WriteEntry(e);
            }
        }
        return ms.ToArray();
    }

    /// <summary>USTAR when the names fit (as Go's tar writer chooses), PAX otherwise.</summary>
    private static TarEntry NewEntry(TarEntryType type, string name, string? linkName)
    {
        bool fits = Encoding.UTF8.GetByteCount(name) <= 100 && (linkName is null || Encoding.UTF8.GetByteCount(linkName) <= 100)
            && name.All(c => c < 128) && (linkName ?? "").All(c => c < 128);
        TarEntry e = fits ? new UstarTarEntry(type, name) : new PaxTarEntry(type, name);
        if (linkName is not null) e.LinkName = linkName;
        return e;
    }

    private static void WriteEntry(TarWriter w, string path, string name)
    {
        var info = new FileInfo(path);
        TarEntry entry;
        if (info.LinkTarget is { } link)
            entry = NewEntry(TarEntryType.SymbolicLink, name, link);
        else if (Directory.Exists(path))
            entry = NewEntry(TarEntryType.Directory, name, null);
        else
        {
            entry = NewEntry(TarEntryType.RegularFile, name, null);
            entry.DataStream = File.OpenRead(path);
        }
        entry.Mode = File.GetUnixFileMode(path);
        entry.ModificationTime = new DateTimeOffset(DateTime.SpecifyKind(info.LastWriteTimeUtc, DateTimeKind.Utc)).AddTicks(-(info.LastWriteTimeUtc.Ticks % TimeSpan.TicksPerSecond));
        if (entry is PosixTarEntry p)
        {
            p.Uid = 0;
            p.Gid = 0;
        }
        w.WriteEntry(entry);
        entry.DataStream?.Dispose();
    }
}
