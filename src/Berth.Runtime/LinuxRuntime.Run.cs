using Berth.Linux;
using Berth.Linux.Processes;
using Berth.Linux.Signals;
using Berth.Runtime.Tty;
using Berth.Runtime.Init;

namespace Berth.Runtime;

public sealed partial class LinuxRuntime
{
    /// <summary>
    /// run: create and start in one call, without the exec fifo (the init is released over its socket). With
    /// <see cref="CreateOptions.Detach"/> it returns once the program runs; otherwise it waits for the program,
    /// forwarding the signals it receives, deletes the container and returns the exit status (128+N for signal N).
    /// With process.terminal and no console socket, this process relays its own terminal to the container's pty.
    /// </summary>
    public ProcessResult Run(string id, string bundleDir, CreateOptions options)
    {
        var launched = Launch(id, bundleDir, options, useExecFifo: false, allowRelay: !options.Detach);
        var relay = launched.Relay;
        using (relay)
        {
            var record = launched.Record;
            using (launched.Channel)
            {
                try
                {
                    launched.Channel.Send(InitMessage.Start);
                    // The socket closes when the init execs; an error arrives first if it could not.
                    var message = launched.Channel.Receive();
                    if (message is { Type: InitMessage.Error } m)
                        throw new RuntimeException(RuntimeErrorKind.InvalidArgument, System.Text.Encoding.UTF8.GetString(m.Payload));
                    RunPoststart(record);
                }
                catch
                {
                    ProcessWait.Signal(record.Pid, SignalNames.SIGKILL);
                    try { ProcessWait.Wait(record.Pid); } catch (SyscallException) { }
                    DeleteStopped(record, launched.Cgroup);
                    throw;
                }
            }
            if (options.Detach) return new ProcessResult(record.Pid, null);

            Phase("program started");
            relay?.Start();
            ExitStatus status;
            using (SignalForwarder.Start(record.Pid, relay))
                status = ProcessWait.Wait(record.Pid);
            relay?.Finish();
            Phase("program exited");
            // The init is reaped: the container is stopped; what may be left is processes outside a pid namespace.
            DeleteStopped(record, launched.Cgroup);
            Phase("deleted");
            return new ProcessResult(record.Pid, status.ShellCode);
        }
    }
}
