using System.Text.Json;
using Berth.Linux;
using Berth.Linux.Cgroups;
using Berth.Linux.Descriptors;
using Berth.Linux.Mounts;
using Berth.Linux.Namespaces;
using Berth.Linux.Processes;
using Berth.Linux.Signals;
using Berth.Linux.Sockets;
using Berth.Oci.Runtime;
using Berth.Runtime.Tty;
using Berth.Runtime.Hooks;
using Berth.Runtime.Init;
using Berth.Runtime.Json;
using Berth.Runtime.Launch;
using Berth.Runtime.Spec;
using Berth.Runtime.State;

namespace Berth.Runtime;

public sealed partial class LinuxRuntime
{
    /// <summary>
    /// create: sets the container up from the bundle and leaves its init waiting on the exec fifo for
    /// <see cref="Start"/>. On failure nothing is left: no state directory, cgroup, mount or process.
    /// </summary>
    public RuntimeState Create(string id, string bundleDir, CreateOptions options)
    {
        var launched = Launch(id, bundleDir, options, useExecFifo: true, allowRelay: false);
        launched.Channel.Dispose();
        return ToState(launched.Record, ContainerStatus.Created);
    }

    /// <summary>A container whose init is set up and waiting to be started.</summary>
    private sealed record Launched(ContainerRecord Record, InitChannel Channel, ICgroupManager Cgroup, ConsoleRelay? Relay);

    private Launched Launch(string id, string bundleDir, CreateOptions options, bool useExecFifo, bool allowRelay)
    {
        ContainerId.Validate(id);
        Phase("start");
        var (bundleDirectory, configJson) = Bundle.Read(bundleDir);
        // The plain case (new namespaces, no terminal) starts the init first and deserializes and validates the
        // spec while the init starts; anything else is validated before anything is made.
        var early = options.ConsoleSocketPath is null && options.ConsoleSocketFd is null ? NamespaceScan.TryScan(configJson) : null;
        Bundle? bundle = null;
        SafeFd? console = null;
        ConsoleRelay? relay = null;
        if (early is null)
        {
            bundle = LoadValidated(bundleDirectory, configJson);
            (console, relay) = ConsoleFor(bundle.Spec.Process!, options, allowRelay);
        }

        string dir = _store.CreateDir(id);
        ICgroupManager? cgroup = null;
        int pid = 0;
        InitChannel? channel = null;
        try
        {
            if (useExecFifo)
            {
                string fifo = Path.Combine(dir, StateStore.ExecFifo);
                int errno = DirectoryCalls.TryMkfifo(fifo, 0x180 /* 0600 */);
                if (errno != 0) throw new SyscallException(errno, "mkfifo", fifo);
                // Writable by the container's user: the init may have dropped root before it opens it.
                File.SetUnixFileMode(fifo, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite);
            }

            var (parentEnd, childEnd) = UnixSocket.Pair();
            channel = new InitChannel(parentEnd);
            var fds = StdioAndPreserved(options.Stdin, options.Stdout, options.Stderr, options.PreserveFds, options.ExtraFds, out int next);
            int firstRuntimeFd = next;
            int socketFd = next++;
            fds.Add(new FdMapping(childEnd.Fd, socketFd));
            int consoleFd = -1;
            if (console is not null)
            {
                consoleFd = next++;
                fds.Add(new FdMapping(console.Fd, consoleFd));
            }

            bool newCgroupNs = early?.NewCgroupNamespace ?? false;
            var plan = bundle is not null
                ? PlanNamespaces(bundle.Spec.Linux!, out newCgroupNs)
                : new NamespacePlan(new(), early!.UnshareFlags);
            try
            {
                using (childEnd)
                    pid = InitLauncher.Spawn(new LaunchRequest
                    {
                        Executable = _options.InitExecutable,
                        SocketFdInChild = socketFd,
                        Fds = fds,
                        KeepFdsUpTo = next - 1,
                        Join = plan.Join,
                        UnshareFlags = plan.Unshare,
                    });
            }
            finally
            {
                foreach (var j in plan.Join) j.Fd.Dispose();
                console?.Dispose();
                console = null;
            }

            Phase("init spawned");
            if (bundle is null)
            {
                bundle = LoadValidated(bundleDirectory, configJson);
                var check = PlanNamespaces(bundle.Spec.Linux!, out bool checkCgroup);
                if (check.Unshare != plan.Unshare || checkCgroup != newCgroupNs || bundle.Spec.Process!.Terminal)
                    throw new RuntimeException(RuntimeErrorKind.Internal, "config.json: namespaces read differently by the quick scan");
            }
            var spec = bundle.Spec;
            var process = spec.Process!;
            var linux = spec.Linux!;
            string cgroupPath = CgroupPathFor(id, linux.CgroupsPath);
            ulong startTime = ProcStat.TryRead(pid)?.StartTime ?? 0;
            var config = new InitConfig
            {
                Mode = "create",
                Id = id,
                Bundle = bundle.Directory,
                Rootfs = bundle.Rootfs,
                StateDir = dir,
                UseExecFifo = useExecFifo,
                NoPivot = options.NoPivot,
                NoNewKeyring = options.NoNewKeyring,
                ConsoleSocketFd = consoleFd,
                FirstRuntimeFd = firstRuntimeFd,
                NewCgroupNamespace = newCgroupNs,
                HasRuntimeHooks = spec.Hooks?.Prestart is { Count: > 0 } || spec.Hooks?.CreateRuntime is { Count: > 0 },
            };
            channel.Send(InitMessage.Config, JsonSerializer.SerializeToUtf8Bytes(config, RuntimeStoreJsonContext.Default.InitConfig));
            channel.Send(InitMessage.Spec, bundle.ConfigJson);

            // The cgroup is made while the init starts and builds the root filesystem; the init waits for Placed
            // before its cgroup namespace and cgroup mounts, and long before any container code runs.
            cgroup = CgroupManagers.Open(cgroupPath);
            cgroup.Create();
            if (linux.Resources is { } resources) cgroup.Apply(WithDefaultDevices(resources));
            cgroup.AddProcess(pid);
            channel.Send(InitMessage.Placed);
            Phase("cgroup placed");

            var record = new ContainerRecord
            {
                OciVersion = spec.OciVersion,
                Id = id,
                Status = ContainerStatus.Creating.ToOci(),
                Pid = pid,
                PidStartTime = startTime,
                Bundle = bundle.Directory,
                Rootfs = bundle.Rootfs,
                Created = FormatTime(DateTime.UtcNow),
                Annotations = spec.Annotations,
                CgroupPath = cgroupPath,
                Namespaces = (linux.Namespaces ?? []).ConvertAll(n => n.Type),
                NoPivot = options.NoPivot,
                Hooks = spec.Hooks,
                Seccomp = linux.Seccomp,
                Hostname = spec.Hostname,
                Process = process,
            };
            // create records "creating" now and "created" once the init is ready. run records "created" once,
            // now, while the init sets itself up (the fsync overlaps its work); with no exec fifo that state reads
            // as running once started, so run writes no second state.
            if (!useExecFifo) record.Status = ContainerStatus.Created.ToOci();
            _store.Save(record);
            Phase("state saved");

            while (true)
            {
                var message = channel.Receive()
                    ?? throw new RuntimeException(RuntimeErrorKind.Internal, "container init exited during setup" + ExitNote(pid));
                if (message.Type == InitMessage.Ready) break;
                if (message.Type == InitMessage.Error)
                    throw new RuntimeException(RuntimeErrorKind.InvalidArgument, System.Text.Encoding.UTF8.GetString(message.Payload));
                if (message.Type == InitMessage.RunHooks)
                {
                    byte[] state = HookState(ToState(record, ContainerStatus.Creating), pid);
                    HookRunner.Run(spec.Hooks?.Prestart, "prestart", state);
                    HookRunner.Run(spec.Hooks?.CreateRuntime, "createRuntime", state);
                    channel.Send(InitMessage.HooksDone);
                }
            }
            Phase("init ready");
            if (useExecFifo)
            {
                record.Status = ContainerStatus.Created.ToOci();
                _store.Save(record);
            }
            WritePidFile(options.PidFile, pid);
            relay?.ReceiveMaster();
            return new Launched(record, channel, cgroup, relay);
        }
        catch
        {
            relay?.Dispose();
            channel?.Dispose();
            console?.Dispose();
            if (pid > 0)
            {
                ProcessWait.Signal(pid, SignalNames.SIGKILL);
                try { ProcessWait.Wait(pid); } catch (SyscallException) { }
            }
            try { cgroup?.Destroy(); } catch (Exception e) when (e is IOException or SyscallException or UnauthorizedAccessException) { }
            _store.Remove(id);
            throw;
        }
    }

    /// <summary>
    /// Device rules as runc applies them: the spec's rules, then access to the devices every container gets
    /// (null, zero, full, random, urandom, tty, console, ptmx, pts) and mknod of any node.
    /// </summary>
    internal static LinuxResources WithDefaultDevices(LinuxResources resources)
    {
        if (resources.Devices is not { Count: > 0 } rules) return resources;
        var all = new List<LinuxDeviceCgroup>(rules);
        void Allow(string type, long? major, long? minor, string access) =>
            all.Add(new LinuxDeviceCgroup { Allow = true, Type = type, Major = major, Minor = minor, Access = access });
        Allow("c", null, null, "m");
        Allow("b", null, null, "m");
        foreach (var (major, minor) in new (long, long?)[] { (1, 3), (1, 5), (1, 7), (1, 8), (1, 9), (5, 0), (5, 1), (5, 2), (136, null) })
            Allow("c", major, minor, "rwm");
        return new LinuxResources
        {
            Devices = all, Memory = resources.Memory, Cpu = resources.Cpu, Pids = resources.Pids, BlockIO = resources.BlockIO,
            HugepageLimits = resources.HugepageLimits, Network = resources.Network, Unified = resources.Unified,
        };
    }

    private Bundle LoadValidated(string directory, byte[] configJson)
    {
        var bundle = Bundle.Parse(directory, configJson);
        Phase("config.json parsed");
        foreach (var w in SpecValidator.Validate(bundle.Spec)) Log.Write(RuntimeLogLevel.Warning, w);
        bundle.ResolveRootfs();
        Phase("validated");
        return bundle;
    }

    private static (SafeFd? Console, ConsoleRelay? Relay) ConsoleFor(RuntimeProcess process, CreateOptions options, bool allowRelay)
    {
        if (!process.Terminal)
        {
            if (options.ConsoleSocketPath is { Length: > 0 }) throw RuntimeException.Invalid("--console-socket: only valid with process.terminal set");
            return (null, null);
        }
        if (options.ConsoleSocketFd is int cfd) return (DescriptorCalls.DuplicateCloseOnExec(cfd), null);
        if (options.ConsoleSocketPath is { Length: > 0 } path) return (ConnectConsole(path), null);
        if (!allowRelay) throw RuntimeException.Invalid("process.terminal: a console socket is needed (--console-socket)");
        var relay = ConsoleRelay.Create();
        return (relay.TakeInitEnd(), relay);
    }

    private static string ExitNote(int pid)
    {
        try
        {
            var status = ProcessWait.TryWait(pid);
            if (status is { } s) return s.Signaled ? $" (killed by {SignalNames.Name(s.Signal)})" : $" (exit status {s.Code})";
        }
        catch (SyscallException) { }
        return "";
    }

    private static SafeFd ConnectConsole(string path)
    {
        try { return UnixSocket.Connect(path); }
        catch (SyscallException e) { throw RuntimeException.Invalid($"--console-socket: {e.Message}"); }
    }

    /// <summary>stdio at 0-2 (given or inherited), preserved descriptors at 3.., extra ones after; <paramref name="next"/> is the first free number.</summary>
    internal static List<FdMapping> StdioAndPreserved(int? stdin, int? stdout, int? stderr, int preserve, IReadOnlyList<int>? extra, out int next)
    {
        var fds = new List<FdMapping>();
        int?[] stdio = [stdin, stdout, stderr];
        for (int i = 0; i < 3; i++)
        {
            int source = stdio[i] ?? i;
            if (DescriptorCalls.IsOpen(source)) fds.Add(new FdMapping(source, i));
        }
        next = 3;
        for (int i = 0; i < preserve; i++, next++)
            if (DescriptorCalls.IsOpen(next)) fds.Add(new FdMapping(next, next));
        if (extra is not null)
            foreach (int fd in extra) fds.Add(new FdMapping(fd, next++));
        return fds;
    }

    private sealed record NamespacePlan(List<(NamespaceType Type, SafeFd Fd, string Display)> Join, int Unshare);

    /// <summary>Which namespaces the spawning thread joins (by path) and creates; cgroup is left to the init.</summary>
    private static NamespacePlan PlanNamespaces(RuntimeLinux linux, out bool newCgroupNamespace)
    {
        var join = new List<(NamespaceType, SafeFd, string)>();
        int unshare = 0;
        newCgroupNamespace = false;
        try
        {
            foreach (var ns in linux.Namespaces ?? [])
            {
                NamespaceTypes.TryParseOci(ns.Type, out var type);
                if (!string.IsNullOrEmpty(ns.Path))
                {
                    try { join.Add((type, Namespace.Open(ns.Path), ns.Path)); }
                    catch (SyscallException e) { throw RuntimeException.Invalid($"linux.namespaces: {ns.Type}: {e.Message}"); }
                }
                else if (type == NamespaceType.Cgroup) newCgroupNamespace = true;
                else unshare |= type.CloneFlag();
            }
        }
        catch
        {
            foreach (var j in join) j.Item2.Dispose();
            throw;
        }
        return new NamespacePlan(join, unshare);
    }
}
