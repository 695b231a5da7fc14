using System.Globalization;
using System.Runtime.InteropServices;
using Berth.Cli.Client;
using Berth.Linux.Terminal;

namespace Berth.Cli.Commands;

/// <summary>docker's MonitorTtySize: sends the terminal size now (retrying briefly) and again on every SIGWINCH.</summary>
public sealed class TtyResizer : IDisposable
{
    private readonly CliContext _cli;
    private readonly string _path;
    private PosixSignalRegistration? _registration;

    private TtyResizer(CliContext cli, string path)
    {
        _cli = cli;
        _path = path;
    }

    /// <summary>Starts following the terminal for a container ("/containers/ID/resize") or an exec ("/exec/ID/resize").</summary>
    public static TtyResizer Monitor(CliContext cli, string resizePath)
    {
        var r = new TtyResizer(cli, resizePath);
        if (!r.Resize())
        {
            ThreadPool.QueueUserWorkItem(_ =>
            {
                for (int retry = 0; retry < 10; retry++)
                {
                    Thread.Sleep((retry + 1) * 10);
                    if (r.Resize()) return;
                }
                cli.Err.WriteLine("failed to resize tty, using default size");
            });
        }
        r._registration = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => ThreadPool.QueueUserWorkItem(__ => r.Resize()));
        return r;
    }

    private bool Resize()
    {
        if (!Tty.TryGetSize(_cli.IO.StdoutFd, out ushort h, out ushort w) || (h == 0 && w == 0)) return true;
        try
        {
            var q = new QueryString().Set("h", h.ToString(CultureInfo.InvariantCulture)).Set("w", w.ToString(CultureInfo.InvariantCulture));
            using var resp = _cli.Client.Send("POST", _path, q);
            resp.ReadAllBytes();
            return true;
        }
        catch (CliException)
        {
            return false;
        }
    }

    public void Dispose() => _registration?.Dispose();
}
