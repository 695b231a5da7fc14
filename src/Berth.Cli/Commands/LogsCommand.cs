using Berth.Cli.Client;
using Berth.Cli.Options;
using Berth.Cli.Parsing;
using Berth.Cli.Streams;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>`berth logs`: raw with a TTY, demultiplexed into stdout and stderr without one.</summary>
public static class LogsCommand
{
    public static void Register(Dictionary<string, CommandBinding> d) =>
        d["container logs"] = new CommandBinding { Handler = Run, Args = ArgsRule.Exact(1) };

    private static int Run(CommandContext ctx)
    {
        var f = ctx.Flags;
        var (typed, _) = InspectCommands.Container(ctx, ctx.Args[0], false);
        var c = (GoStruct)typed!;
        var q = new QueryString().Set("stdout", "1").Set("stderr", "1");
        var now = DateTimeOffset.UtcNow;
        if (f.GetString("since") is { Length: > 0 } since)
        {
            try
            {
                q.Set("since", Timestamps.Get(since, now));
            }
            catch (CliException e)
            {
                throw new CliException("invalid value for \"since\": " + e.Message);
            }
        }
        if (f.GetString("until") is { Length: > 0 } until)
        {
            try
            {
                q.Set("until", Timestamps.Get(until, now));
            }
            catch (CliException e)
            {
                throw new CliException("invalid value for \"until\": " + e.Message);
            }
        }
        if (f.GetBool("timestamps")) q.Set("timestamps", "1");
        if (f.GetBool("details")) q.Set("details", "1");
        if (f.GetBool("follow")) q.Set("follow", "1");
        q.Set("tail", f.GetString("tail"));
        using var response = ctx.Client.Send("GET", ObjectPaths.Container(c.Str("ID")) + "/logs", q);
        ctx.Out.Flush();
        var stdout = ctx.Cli.IO.StdoutStream;
        if (c.Struct("Config")?.Bool("Tty") == true)
        {
            var buffer = new byte[32 * 1024];
            int n;
            while ((n = response.Body.Read(buffer, 0, buffer.Length)) > 0)
            {
                stdout.Write(buffer, 0, n);
                stdout.Flush();
            }
        }
        else
        {
            StdCopy.Copy(b => response.Body.Read(b), stdout, ctx.Cli.IO.StderrStream);
        }
        return 0;
    }
}
