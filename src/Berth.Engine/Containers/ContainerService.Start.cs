using System.Text.Json;
using Berth.Engine.Errors;
using Berth.Engine.Shims;
using Berth.Engine.Specs;
using Berth.Linux;
using Berth.Oci.Runtime;
using Berth.Runtime.Seccomp;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>Where the shim binary is (next to the daemon unless --bin-dir says otherwise).</summary>
    public string ShimPath => Path.Combine(_engine.Options.BinDir ?? AppContext.BaseDirectory, "berth-shim");

    /// <summary>POST /containers/{id}/start.</summary>
    public async Task StartAsync(string idOrName, CancellationToken cancel)
    {
        var c = Get(idOrName);
        await c.Lock.WaitAsync(cancel);
        try
        {
            switch (c.Record.State.Status)
            {
                case "running" or "restarting": throw EngineException.NotModified();
                case "paused": throw EngineException.Conflict("cannot start a paused container, try unpause instead");
                case "removing": throw EngineException.Conflict($"container {c.Id} is marked for removal and cannot be started");
                case "dead": throw EngineException.Conflict($"container {c.Id} is marked for removal and cannot be started");
            }
            c.RestartDelay?.Cancel();
            c.StopRequested = false;
            c.Record.ManuallyStopped = false;
            c.RestartBackoffMs = 0;
            await StartLockedAsync(c, cancel);
        }
        finally
        {
            c.Lock.Release();
        }
    }

    /// <summary>Starts a container whose lock is held: rootfs, network, files, mounts, config.json, shim, start.</summary>
    private async Task StartLockedAsync(Container c, CancellationToken cancel)
    {
        var r = c.Record;
        string id = r.Id;
        var undo = new Stack<Action>();
        var timer = global::System.Diagnostics.Stopwatch.StartNew();
        var phases = new List<string>();
        void Phase(string name) { phases.Add($"{name} {timer.Elapsed.TotalMilliseconds:F1}"); }
        try
        {
            Directory.CreateDirectory(RunDir(id));
            undo.Push(() => TryDeleteDirectory(BundleDir(id)));
            string rootfs = RootfsPath(id);
            _images.MountSnapshot(id, rootfs);
            undo.Push(() => _images.UnmountSnapshot(rootfs));
            Phase("rootfs");

            var network = await PrepareNetworkAsync(c, cancel);
            undo.Push(() => ReleaseNetwork(c));
            WriteEtcFiles(c, network);
            Phase("network");

            var acquired = new List<string>();
            undo.Push(() => { foreach (var v in acquired) Volumes.Release(v); });
            var mounts = PrepareMounts(c, rootfs, acquired);

            Users.Resolved user;
            using (var root = RootDirectory.Open(rootfs))
            {
                try { user = Users.Resolve(root, r.Config.User, r.HostConfig.GroupAdd); }
                catch (ArgumentException e) { throw EngineException.Invalid(e.Message); }
            }

            Phase("mounts+user");
            var spec = BuildSpec(c, rootfs, user, mounts, network);
            Phase("spec");
            Directory.CreateDirectory(BundleDir(id));
            AtomicFile.Write(Path.Combine(BundleDir(id), "config.json"), JsonSerializer.SerializeToUtf8Bytes(spec, RuntimeJsonContext.Default.RuntimeSpec));

            File.Delete(ExitFile(id));
            var (maxSize, maxFiles) = LogLimits(r);
            var info = await Launcher.LaunchAsync(new ShimLauncher.Request(id, BundleDir(id), ShimSocket(id), r.LogPath, maxSize, maxFiles,
                ExitFile(id), r.Config.Tty == true, r.Config.OpenStdin == true, r.Config.StdinOnce == true, spec.Linux!.CgroupsPath!,
                Path.Combine(RunDir(id), "shim.log")), cancel);
            Phase("shim+create");
            if (!info.Ok) throw StartError(info.Error ?? "the shim failed");
            var shim = new ShimClient(ShimSocket(id));
            c.Shim = shim;
            undo.Push(() => { c.Shim = null; _ = shim.CallAsync(new() { Op = "kill", Signal = 9, All = true }); });

            // docker run attaches before it starts: connect those streams now, so no output is missed.
            foreach (var pending in c.PendingAttaches.ToList())
            {
                c.PendingAttaches.Remove(pending);
                try
                {
                    var connection = await OpenAttachAsync(shim, pending.Options);
                    _ = BridgeAttachAsync(c, pending.Client, pending.Options, pending.Done, connection);
                }
                catch (EngineException) { pending.Done.TrySetResult(); }
            }
            var monitor = WatchAsync(c, shim);
            Phase("attach");
            await shim.CallAsync(new() { Op = "start" }, cancel);
            Phase("start");

            r.State = new ContainerRunState
            {
                Status = "running",
                Pid = info.InitPid,
                StartedAt = DateTimeOffset.UtcNow,
                Health = r.Config.Healthcheck is { Test: { Count: > 0 } t } && t[0] != "NONE" ? new HealthRecord() : null,
            };
            r.HasBeenStarted = true;
            Save(c);
            Publish(c, "start");
            Phase("saved");
            _log.LogDebug("started {Id} (ms): {Phases}", id[..12], string.Join(", ", phases));
            _ = monitor;
            Health?.Start(c);
        }
        catch (Exception e)
        {
            while (undo.TryPop(out var action))
            {
                try { action(); } catch (Exception ue) { _log.LogWarning("cleanup after failed start of {Id}: {Message}", id, ue.Message); }
            }
            r.State.Status = r.HasBeenStarted || r.State.Status == "exited" ? "exited" : "created";
            r.State.Error = e.Message;
            r.State.ExitCode = e is EngineException { Kind: ErrorKind.InvalidArgument or ErrorKind.NotFound } ? 127 : 128;
            Save(c);
            if (r.HostConfig.AutoRemove == true) _ = RemoveAfterFailedStartAsync(c);
            if (e is EngineException) throw;
            throw EngineException.Internal(e.Message, e);
        }
    }

    /// <summary>--rm: a container that failed to start is removed too (after the lock is released).</summary>
    private async Task RemoveAfterFailedStartAsync(Container c)
    {
        await Task.Yield();
        try { await RemoveAsync(c.Id, force: true, removeVolumes: true, CancellationToken.None); }
        catch (Exception e) { _log.LogWarning("auto-remove of {Id} after a failed start: {Message}", c.Id, e.Message); }
    }

    /// <summary>Docker's "OCI runtime create failed" classification of init errors (exec not found → 404-ish 400).</summary>
    private static EngineException StartError(string message)
    {
        string full = "failed to create task for container: failed to create shim task: OCI runtime create failed: " + message;
        if (message.Contains("executable file not found", StringComparison.Ordinal) || message.Contains("no such file or directory", StringComparison.Ordinal))
            return new EngineException(ErrorKind.InvalidArgument, full);
        if (message.Contains("permission denied", StringComparison.Ordinal))
            return new EngineException(ErrorKind.InvalidArgument, full);
        return new EngineException(ErrorKind.Internal, full);
    }

    private static (long MaxSize, int MaxFiles) LogLimits(ContainerRecord r)
    {
        var cfg = r.HostConfig.LogConfig?.Config;
        long size = cfg is not null && cfg.TryGetValue("max-size", out var s) ? Units.ParseBytes(s, "max-size") : -1;
        int files = cfg is not null && cfg.TryGetValue("max-file", out var f) && int.TryParse(f, out int n) ? n : 1;
        return (size, files);
    }

    private RuntimeSpec BuildSpec(Container c, string rootfs, Users.Resolved user, List<RuntimeMount> mounts, NetworkPlan network)
    {
        var hc = c.Record.HostConfig;
        bool privileged = hc.Privileged == true;
        var opts = OciSpecBuilder.ParseSecurityOpts(hc.SecurityOpt);
        var caps = privileged ? Capabilities.Known().ToList() : Capabilities.Apply(Capabilities.DockerDefault, hc.CapAdd, hc.CapDrop);
        LinuxSeccomp? seccomp = null;
        if (!privileged)
        {
            opts.TryGetValue("seccomp", out var profile);
            if (profile is null or "" or "builtin")
                seccomp = DockerSeccompProfile.Default.ToOci(caps, _engine.Host.GoArch);
            else if (profile != "unconfined")
            {
                try { seccomp = DockerSeccompProfile.Parse(profile).ToOci(caps, _engine.Host.GoArch); }
                catch (Exception e) when (e is JsonException or SeccompSpecException or ArgumentException)
                {
                    throw EngineException.Invalid($"Decoding seccomp profile failed: {e.Message}");
                }
            }
        }
        string parent = string.IsNullOrEmpty(hc.CgroupParent) ? "/berth" : "/" + hc.CgroupParent.Trim('/');
        var input = new SpecInputs
        {
            Container = c.Record,
            RootfsPath = rootfs,
            Uid = user.Uid,
            Gid = user.Gid,
            AdditionalGids = user.AdditionalGids,
            UserMounts = mounts,
            NetworkNamespacePath = network.NamespacePath,
            NewNetworkNamespace = network.NewNamespace,
            JoinNamespaces = JoinedNamespaces(c),
            Seccomp = seccomp,
            CgroupsPath = parent + "/" + c.Id,
            HostsPath = network.HostsPath ?? (network.ShareHostFiles ? "/etc/hosts" : c.Record.HostsPath),
            HostnamePath = network.HostnamePath ?? c.Record.HostnamePath,
            ResolvConfPath = network.ResolvConfPath ?? (network.ShareHostFiles ? "/etc/resolv.conf" : c.Record.ResolvConfPath),
            CgroupV2 = File.Exists("/sys/fs/cgroup/cgroup.controllers"),
            InitArgs = hc.Init == true ? InitProgram.Args : null,
            InitMounts = hc.Init == true ? [InitProgram.Mount(_engine.Options.ExecRoot)] : [],
        };
        return OciSpecBuilder.Build(input);
    }

    /// <summary>--ipc/--pid container:&lt;id&gt; share that container's namespaces.</summary>
    private Dictionary<string, string> JoinedNamespaces(Container c)
    {
        var join = new Dictionary<string, string>();
        void Join(string? mode, string type, string procName)
        {
            if (mode is null || !mode.StartsWith("container:", StringComparison.Ordinal)) return;
            var other = Get(mode["container:".Length..]);
            if (!other.IsRunning) throw EngineException.Conflict($"cannot join namespaces of a non running container {other.Id}");
            join[type] = $"/proc/{other.Record.State.Pid}/ns/{procName}";
        }
        Join(c.Record.HostConfig.IpcMode, "ipc", "ipc");
        Join(c.Record.HostConfig.PidMode, "pid", "pid");
        Join(c.Record.HostConfig.NetworkMode, "network", "net");
        // --network container:X shares the network only: the UTS namespace stays the container's own (moby), with
        // X's hostname (set by the network service), so X's hostname is never changed from here.
        return join;
    }

    private static void TryDeleteDirectory(string path)
    {
        try { Directory.Delete(path, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
