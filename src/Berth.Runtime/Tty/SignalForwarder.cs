using System.Runtime.InteropServices;
using Berth.Linux.Processes;
using Berth.Linux.Signals;

namespace Berth.Runtime.Tty;

/// <summary>While a foreground run or exec waits, the signals this process gets go to the container's process.</summary>
internal sealed class SignalForwarder : IDisposable
{
    private static readonly int[] s_forwarded =
        [SignalNames.SIGHUP, SignalNames.SIGINT, SignalNames.SIGQUIT, SignalNames.SIGTERM, SignalNames.SIGUSR1, 12 /* SIGUSR2 */];

    private readonly List<PosixSignalRegistration> _registrations = new();

    public static SignalForwarder Start(int pid, ConsoleRelay? relay)
    {
        var f = new SignalForwarder();
        foreach (int signal in s_forwarded)
        {
            int s = signal;
            f._registrations.Add(PosixSignalRegistration.Create((PosixSignal)s, ctx =>
            {
                ctx.Cancel = true;
                ProcessWait.Signal(pid, s);
            }));
        }
        if (relay is not null)
            f._registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGWINCH, ctx =>
            {
                ctx.Cancel = true;
                relay.Resize();
            }));
        return f;
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
    }
}
