using Berth.Linux;
using Berth.Linux.Descriptors;
using Berth.Linux.Processes;
using Berth.Linux.Signals;
using Berth.Runtime.Hooks;
using Berth.Runtime.Init;
using Berth.Runtime.State;

namespace Berth.Runtime;

public sealed partial class LinuxRuntime
{
    /// <summary>start: releases a created container's init (it execs the program), then runs the poststart hooks.</summary>
    public void Start(string id)
    {
        var record = _store.Load(id);
        var status = Observe(record);
        switch (status)
        {
            case ContainerStatus.Created: break;
            case ContainerStatus.Stopped: throw RuntimeException.Precondition("cannot start a container that has stopped");
            case ContainerStatus.Running: throw RuntimeException.Precondition("cannot start an already running container");
            default: throw RuntimeException.Precondition($"cannot start a container in the {status.ToOci()} state");
        }
        ReleaseFifo(record);
        record.Status = ContainerStatus.Running.ToOci();
        _store.Save(record);
        RunPoststart(record);
    }

    /// <summary>Opens the exec fifo for reading (the init, blocked opening it for writing, goes on) and reads its byte.</summary>
    private void ReleaseFifo(ContainerRecord record)
    {
        string path = Path.Combine(_store.Dir(record.Id), StateStore.ExecFifo);
        SafeFd fifo;
        try { fifo = FileDescriptors.Open(path, OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK); }
        catch (SyscallException e) when (e.Errno == Errnos.ENOENT) { throw RuntimeException.Precondition("cannot start an already running container"); }
        using (fifo)
        {
            SafeFd? pidfd = PidFd.TryOpen(record.Pid, out var p) == 0 ? p : null;
            using (pidfd)
            {
                Span<byte> one = stackalloc byte[1];
                while (true)
                {
                    if (FifoReadable(fifo, pidfd, out bool initGone))
                    {
                        int n;
                        try { n = FileDescriptors.Read(fifo, one); }
                        catch (SyscallException e) when (e.Errno == Errnos.EAGAIN) { continue; }
                        if (n == 1) break;
                        if (!IsAlive(record)) throw RuntimeException.Precondition("cannot start a container that has stopped");
                        Thread.Sleep(1);
                        continue;
                    }
                    if (initGone) throw RuntimeException.Precondition("cannot start a container that has stopped");
                }
            }
        }
        File.Delete(path);
    }

    private static bool FifoReadable(SafeFd fifo, SafeFd? pidfd, out bool initGone)
    {
        initGone = false;
        Span<Poll.Entry> fds =
        [
            new() { Fd = fifo.Fd, Events = Poll.In },
            new() { Fd = pidfd?.Fd ?? -1, Events = Poll.In },
        ];
        if (Poll.Wait(fds, pidfd is null ? 100 : -1) <= 0) return false;
        if ((fds[0].Revents & (Poll.In | Poll.HangUp)) != 0) return true;
        if ((fds[1].Revents & Poll.In) != 0) initGone = true;
        return false;
    }

    private void RunPoststart(ContainerRecord record)
    {
        if (record.Hooks?.Poststart is not { Count: > 0 } hooks) return;
        try
        {
            HookRunner.Run(hooks, "poststart", HookState(ToState(record, ContainerStatus.Running), record.Pid));
        }
        catch (RuntimeException)
        {
            // The spec: a failing poststart hook stops the container.
            ProcessWait.Signal(record.Pid, SignalNames.SIGKILL);
            throw;
        }
    }
}
