using System.Runtime.InteropServices;
using Berth.Cli.Client;

namespace Berth.Cli.Commands;

/// <summary>
/// docker's ForwardAllSignals (--sig-proxy): signals the CLI receives are sent to the container with the kill
/// API instead of ending the CLI.
/// </summary>
public sealed class SignalProxy : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = new();

    private static readonly (int Number, string Name)[] Forwarded =
    [
        (1, "SIGHUP"), (2, "SIGINT"), (3, "SIGQUIT"), (10, "SIGUSR1"), (12, "SIGUSR2"), (14, "SIGALRM"), (15, "SIGTERM"),
        (18, "SIGCONT"), (20, "SIGTSTP"), (21, "SIGTTIN"), (22, "SIGTTOU"), (28, "SIGWINCH"),
    ];

    public SignalProxy(DaemonClient client, string containerId)
    {
        foreach (var (number, name) in Forwarded)
        {
            var signal = number switch
            {
                1 => PosixSignal.SIGHUP,
                2 => PosixSignal.SIGINT,
                3 => PosixSignal.SIGQUIT,
                15 => PosixSignal.SIGTERM,
                18 => PosixSignal.SIGCONT,
                20 => PosixSignal.SIGTSTP,
                21 => PosixSignal.SIGTTIN,
                22 => PosixSignal.SIGTTOU,
                28 => PosixSignal.SIGWINCH,
                _ => (PosixSignal)number,
            };
            string signalName = name;
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                if (number != 28) context.Cancel = true;
                ThreadPool.QueueUserWorkItem(_ =>
                {
                    try
                    {
                        using var r = client.Send("POST", ObjectPaths.Container(containerId) + "/kill", new QueryString().Set("signal", signalName));
                        r.ReadAllBytes();
                    }
                    catch (CliException)
                    {
                    }
                });
            }));
        }
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
    }
}
