using System.Text.Json;
using Berth.Linux;
using Berth.Linux.Credentials;
using Berth.Linux.Descriptors;
using Berth.Linux.Mounts;
using Berth.Linux.Namespaces;
using Berth.Oci.Runtime;
using Berth.Runtime.Hooks;
using Berth.Runtime.Json;

namespace Berth.Runtime.Init;

/// <summary>The init of a new container: everything between the new namespaces and the user's program.</summary>
internal static class CreateInit
{
    public static void Run(InitConfig config, RuntimeSpec spec, InitChannel channel, Action markStarted)
    {
        ProcessControl.SetDumpable(false);
        var process = spec.Process ?? throw RuntimeException.Invalid("process: missing");
        bool hasCgroupMount = spec.Mounts?.Exists(m => m.Type is "cgroup" or "cgroup2") == true;
        List<CgroupMounts.Membership>? cgroups = null;
        bool placed = false;
        // Called before the first cgroup mount, or after the others: the runtime puts the init in the container's
        // cgroup meanwhile. Only then is the cgroup namespace made, so that its root is the container's cgroup.
        List<CgroupMounts.Membership>? WaitPlaced()
        {
            if (placed) return cgroups;
            channel.Expect(InitMessage.Placed);
            placed = true;
            if (hasCgroupMount) cgroups = CgroupMounts.ReadMembership();
            if (config.NewCgroupNamespace) Namespace.Unshare(NamespaceType.Cgroup.CloneFlag());
            return cgroups;
        }

        using var rootfs = new RootfsBuilder(config, spec, WaitPlaced);
        rootfs.Prepare();
        WaitPlaced();
        ProcessLimits.ApplySysctls(spec.Linux?.Sysctl);
        ProcessLimits.ApplyOomScoreAdj(process.OomScoreAdj);
        ProcessLimits.ApplyRlimits(process.Rlimits);

        if (config.HasRuntimeHooks)
        {
            channel.Send(InitMessage.RunHooks);
            channel.Expect(InitMessage.HooksDone);
        }
        if (spec.Hooks?.CreateContainer is { Count: > 0 } createContainer)
            HookRunner.Run(createContainer, "createContainer", HookState(config, spec, "creating"));

        // The fifo is opened (as a path) before the host's file system goes away with pivot_root.
        using var fifo = config.UseExecFifo && config.StateDir is not null
            ? FileDescriptors.Open(Path.Combine(config.StateDir, "exec.fifo"), OpenFlags.O_PATH)
            : null;

        rootfs.EnterRoot();
        if (spec.Hostname is { Length: > 0 } hostname) ProcessControl.SetHostname(hostname);
        if (spec.Domainname is { Length: > 0 } domainname) ProcessControl.SetDomainname(domainname);
        rootfs.FinishRoot();
        if (!config.NoNewKeyring) ProcessControl.TryJoinSessionKeyring("_ses." + config.Id);

        var finisher = ProcessFinisher.Prepare(process, spec.Linux?.Seccomp);
        if (process.Terminal) ConsoleSetup.Setup(config.ConsoleSocketFd, process, finisher.Uid, finisher.Gid, bindDevConsole: true);
        int errno = DirectoryCalls.TryChdir(process.Cwd is { Length: > 0 } cwd ? cwd : "/");
        if (errno != 0) throw RuntimeException.Invalid($"process.cwd: {process.Cwd}: {Errnos.Describe(errno)}");

        bool startHooks = spec.Hooks?.StartContainer is { Count: > 0 };
        if (!startHooks) finisher.ApplyIdentity();
        finisher.ResolveExecutable();
        channel.Send(InitMessage.Ready);

        if (fifo is not null) WaitOnFifo(fifo, config.StateDir!);
        else channel.Expect(InitMessage.Start);
        markStarted();

        if (startHooks)
        {
            HookRunner.Run(spec.Hooks!.StartContainer, "startContainer", HookState(config, spec, "running"));
            finisher.ApplyIdentity();
        }
        finisher.Exec(config.FirstRuntimeFd);
    }

    /// <summary>Blocks until <c>start</c> opens the fifo for reading, then tells it the init is going on.</summary>
    private static void WaitOnFifo(SafeFd fifo, string stateDir)
    {
        SafeFd writer;
        try
        {
            // Reopening through /proc checks only the fifo's own permissions, not the (root-only) state directory's.
            writer = FileDescriptors.Open(Berth.Linux.Mounts.MountCalls.FdPath(fifo), OpenFlags.O_WRONLY);
        }
        catch (SyscallException e) when (e.Errno is Errnos.ENOENT or Errnos.ENOTDIR)
        {
            writer = FileDescriptors.Open(Path.Combine(stateDir, "exec.fifo"), OpenFlags.O_WRONLY);
        }
        using (writer) FileDescriptors.WriteAll(writer, "0"u8);
    }

    /// <summary>The state a hook run in the container gets: the pid as the container sees it.</summary>
    private static byte[] HookState(InitConfig config, RuntimeSpec spec, string status) =>
        JsonSerializer.SerializeToUtf8Bytes(new RuntimeState
        {
            OciVersion = spec.OciVersion,
            Id = config.Id,
            Pid = ProcessControl.CurrentPid,
            Status = status,
            Bundle = config.Bundle,
            Rootfs = config.Rootfs,
            Annotations = spec.Annotations,
        }, RuntimeStoreJsonContext.Default.RuntimeState);
}
