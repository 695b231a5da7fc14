using System.Runtime.InteropServices;

namespace Berth.Cli.Streams;

/// <summary>Restores a raw terminal on every way out: normal return, exceptions, SIGINT/SIGTERM/SIGHUP and process exit.</summary>
public static class TerminalGuard
{
    private static readonly List<HijackStreamer> Active = new();
    private static readonly List<PosixSignalRegistration> Registrations = new();
    private static bool _installed;

    public static void Register(HijackStreamer streamer)
    {
        lock (Active)
        {
            Active.Add(streamer);
            if (_installed) return;
            _installed = true;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => RestoreAll();
            foreach (var sig in new[] { PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
                Registrations.Add(PosixSignalRegistration.Create(sig, _ => RestoreAll()));
        }
    }

    public static void RestoreAll()
    {
        lock (Active)
        {
            foreach (var s in Active) s.RestoreTerminal();
        }
    }
}
