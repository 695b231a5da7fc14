using System.Globalization;
using Berth.Cli.Client;
using Berth.Cli.Parsing;
using Berth.Cli.Streams;
using Berth.Cli.Values;
using Berth.Linux.Terminal;

namespace Berth.Cli.Commands;

/// <summary>`berth attach`: wait first, check the container runs, attach, stream, then its exit status.</summary>
public static class AttachCommand
{
    public static void Register(Dictionary<string, CommandBinding> d) =>
        d["container attach"] = new CommandBinding { Handler = Run, Args = ArgsRule.Exact(1) };

    private static GoStruct InspectRunning(CommandContext ctx, string container)
    {
        var (typed, _) = InspectCommands.Container(ctx, container, false);
        var c = (GoStruct)typed!;
        var state = c.Struct("State")!;
        if (!state.Bool("Running")) throw new CliException("You cannot attach to a stopped container, start it first");
        if (state.Bool("Paused")) throw new CliException("You cannot attach to a paused container, unpause it first");
        if (state.Bool("Restarting")) throw new CliException("You cannot attach to a restarting container, wait until it is running");
        return c;
    }

    private static int Run(CommandContext ctx)
    {
        var f = ctx.Flags;
        string container = ctx.Args[0];
        var wait = AttachSession.BeginWait(ctx, container, "");
        var c = InspectRunning(ctx, container);
        var config = c.Struct("Config")!;
        bool tty = config.Bool("Tty");
        bool noStdin = f.GetBool("no-stdin");
        if (!noStdin && tty && !ctx.Cli.IsInTerminal) throw new CliException("the input device is not a TTY");
        string detachKeys = f.GetString("detach-keys");
        if (detachKeys.Length == 0) detachKeys = ctx.Cli.Config.DetachKeys ?? "";
        bool stdin = !noStdin && config.Bool("OpenStdin");
        using var signals = f.GetBool("sig-proxy") && !tty ? new SignalProxy(ctx.Client, container) : null;
        using var connection = AttachSession.OpenAttach(ctx, container, stdin, true, true, detachKeys);
        InspectRunning(ctx, container);
        TtyResizer? resizer = null;
        if (tty && ctx.Cli.IsOutTerminal && Tty.TryGetSize(ctx.Cli.IO.StdoutFd, out ushort h, out ushort w))
        {
            // docker first sends size+1 to force a redraw, then the real size
            try
            {
                var q = new QueryString().Set("h", (h + 1).ToString(CultureInfo.InvariantCulture)).Set("w", (w + 1).ToString(CultureInfo.InvariantCulture));
                using var r = ctx.Client.Send("POST", ObjectPaths.Container(container) + "/resize", q);
                r.ReadAllBytes();
            }
            catch (CliException)
            {
            }
            resizer = TtyResizer.Monitor(ctx.Cli, ObjectPaths.Container(container) + "/resize");
        }
        using (resizer)
        {
            var streamer = new HijackStreamer(ctx.Cli, connection, tty, stdin, true, true, detachKeys);
            var outcome = streamer.Run();
            if (outcome.Error is not null) throw outcome.Error as CliException ?? new CliException(outcome.Error.Message);
            if (outcome.Detached) throw new CliException("read escape sequence");
        }
        return wait.Result;
    }
}
