using System.Text.Json;
using Berth.Linux;
using Berth.Linux.Cgroups;
using Berth.Linux.Descriptors;
using Berth.Linux.Namespaces;
using Berth.Linux.Processes;
using Berth.Linux.Signals;
using Berth.Linux.Sockets;
using Berth.Oci.Runtime;
using Berth.Runtime.Init;
using Berth.Runtime.Json;
using Berth.Runtime.Launch;
using Berth.Runtime.Spec;
using Berth.Runtime.Tty;

namespace Berth.Runtime;

public sealed partial class LinuxRuntime
{
    /// <summary>
    /// exec: runs another process in a created or running container: in its namespaces and cgroup, with the
    /// process's own user, capabilities, environment, cwd and terminal, and the container's seccomp profile.
    /// With <see cref="ExecOptions.Detach"/> it returns once the program runs; otherwise it waits and returns its
    /// exit status (128+N for signal N), forwarding signals meanwhile.
    /// </summary>
    public ProcessResult Exec(string id, RuntimeProcess process, ExecOptions options)
    {
        var record = _store.Load(id);
        var cgroup = CgroupManagers.Open(record.CgroupPath);
        var status = Observe(record, cgroup);
        if (status == ContainerStatus.Stopped) throw RuntimeException.Precondition("cannot exec in a stopped container");
        if (status == ContainerStatus.Paused) throw RuntimeException.Precondition("cannot exec in a paused container");
        var warnings = new List<string>();
        SpecValidator.ValidateProcess(process, "process", warnings);
        foreach (var w in warnings) Log.Write(RuntimeLogLevel.Warning, w);

        var join = new List<(NamespaceType Type, SafeFd Fd, string Display)>();
        SafeFd? mountNs = null, root = null, console = null;
        ConsoleRelay? relay = null;
        InitChannel? channel = null;
        int pid = 0;
        try
        {
            foreach (var name in record.Namespaces)
            {
                if (!NamespaceTypes.TryParseOci(name, out var type) || type == NamespaceType.User) continue;
                string path = $"/proc/{record.Pid}/ns/{type.ProcName()}";
                var fd = Namespace.Open(path);
                if (type == NamespaceType.Mount) mountNs = fd;
                else join.Add((type, fd, path));
            }
            if (record.NoPivot) root = FileDescriptors.Open($"/proc/{record.Pid}/root", OpenFlags.O_PATH | OpenFlags.O_DIRECTORY);
            // Checked after opening: the descriptors belong to the container's init, not to a process that reused its pid.
            if (!IsAlive(record)) throw RuntimeException.Precondition("cannot exec in a stopped container");

            if (process.Terminal)
            {
                if (options.ConsoleSocketFd is int cfd) console = DescriptorCalls.DuplicateCloseOnExec(cfd);
                else if (options.ConsoleSocketPath is { Length: > 0 } path) console = ConnectConsole(path);
                else if (!options.Detach)
                {
                    relay = ConsoleRelay.Create();
                    console = relay.TakeInitEnd();
                }
                else throw RuntimeException.Invalid("process.terminal: a detached exec needs a console socket (--console-socket)");
            }

            var (parentEnd, childEnd) = UnixSocket.Pair();
            channel = new InitChannel(parentEnd);
            var fds = StdioAndPreserved(options.Stdin, options.Stdout, options.Stderr, options.PreserveFds, options.ExtraFds, out int next);
            int firstRuntimeFd = next;
            int socketFd = next++;
            fds.Add(new FdMapping(childEnd.Fd, socketFd));
            int consoleFd = -1, mountFd = -1, rootFd = -1;
            if (console is not null) fds.Add(new FdMapping(console.Fd, consoleFd = next++));
            if (mountNs is not null) fds.Add(new FdMapping(mountNs.Fd, mountFd = next++));
            if (root is not null) fds.Add(new FdMapping(root.Fd, rootFd = next++));
            using (childEnd)
                pid = InitLauncher.Spawn(new LaunchRequest
                {
                    Executable = _options.InitExecutable,
                    SocketFdInChild = socketFd,
                    Fds = fds,
                    KeepFdsUpTo = next - 1,
                    Join = join,
                });
            cgroup.AddProcess(pid);
            var config = new InitConfig
            {
                Mode = "exec",
                Id = id,
                Bundle = record.Bundle,
                Rootfs = record.Rootfs,
                ConsoleSocketFd = consoleFd,
                MountNamespaceFd = mountFd,
                RootFd = rootFd,
                FirstRuntimeFd = firstRuntimeFd,
                Process = process,
                Seccomp = record.Seccomp,
            };
            channel.Send(InitMessage.Config, JsonSerializer.SerializeToUtf8Bytes(config, RuntimeStoreJsonContext.Default.InitConfig));
            // The socket closes when the program is exec'd; an error message comes first if it could not be.
            var message = channel.Receive();
            if (message is { Type: InitMessage.Error } m)
                throw new RuntimeException(RuntimeErrorKind.InvalidArgument, System.Text.Encoding.UTF8.GetString(m.Payload));
            relay?.ReceiveMaster();
        }
        catch
        {
            relay?.Dispose();
            if (pid > 0)
            {
                ProcessWait.Signal(pid, SignalNames.SIGKILL);
                try { ProcessWait.Wait(pid); } catch (SyscallException) { }
            }
            throw;
        }
        finally
        {
            foreach (var j in join) j.Fd.Dispose();
            mountNs?.Dispose();
            root?.Dispose();
            console?.Dispose();
            channel?.Dispose();
        }

        WritePidFile(options.PidFile, pid);
        if (options.Detach) return new ProcessResult(pid, null);
        using (relay)
        {
            relay?.Start();
            ExitStatus exit;
            using (SignalForwarder.Start(pid, relay))
                exit = ProcessWait.Wait(pid);
            relay?.Finish();
            return new ProcessResult(pid, exit.ShellCode);
        }
    }
}
