using System.Globalization;
using Berth.Cli.Client;
using Berth.Cli.Streams;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>The attach-wait-start sequence shared by run, start -a and attach.</summary>
public static class AttachSession
{
    /// <summary>Opens the hijacked attach connection (before start, so no output is lost).</summary>
    public static HijackedConnection OpenAttach(CommandContext ctx, string id, bool stdin, bool stdout, bool stderr, string detachKeys, bool logs = false)
    {
        var q = new QueryString().Set("stream", "1");
        if (stdin) q.Set("stdin", "1");
        if (stdout) q.Set("stdout", "1");
        if (stderr) q.Set("stderr", "1");
        if (detachKeys.Length > 0) q.Set("detachKeys", detachKeys);
        if (logs) q.Set("logs", "1");
        return ctx.Client.Hijack("POST", ObjectPaths.Container(id) + "/attach", q, null);
    }

    /// <summary>POST /containers/ID/wait sent now (the daemon answers headers at once), its result read later.</summary>
    public static Task<int> BeginWait(CommandContext ctx, string id, string condition)
    {
        DaemonResponse response;
        var q = new QueryString();
        if (condition.Length > 0) q.Set("condition", condition);
        try
        {
            response = ctx.Client.Send("POST", ObjectPaths.Container(id) + "/wait", q);
        }
        catch (CliException e)
        {
            ctx.Err.WriteLine($"level=error msg=\"error waiting for container: {e.Message}\"");
            return Task.FromResult(125);
        }
        var tcs = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                using (response)
                {
                    var text = response.ReadAllText();
                    var result = GoJson.DecodeStruct(text, "container.WaitResponse");
                    if (result["Error"] is GoStruct err && err.Str("Message").Length > 0)
                    {
                        ctx.Err.WriteLine($"level=error msg=\"Error waiting for container: {err.Str("Message")}\"");
                        tcs.TrySetResult(125);
                        return;
                    }
                    tcs.TrySetResult((int)result.Int("StatusCode"));
                }
            }
            catch (Exception e)
            {
                ctx.Err.WriteLine($"level=error msg=\"error waiting for container: {e.Message}\"");
                tcs.TrySetResult(125);
            }
        }) { IsBackground = true, Name = "wait" };
        thread.Start();
        return tcs.Task;
    }

    /// <summary>
    /// Attach (when asked), wait, start, follow the TTY size, then return the container's status, as docker's
    /// runContainer does. <paramref name="start"/> performs the start request.
    /// </summary>
    public static int Execute(CommandContext ctx, string id, bool attach, bool tty, bool stdin, bool stdout, bool stderr,
        string detachKeys, bool autoRemove, bool forRun, Action start)
    {
        HijackedConnection? connection = null;
        Task<HijackOutcome>? streaming = null;
        HijackStreamer? streamer = null;
        if (attach)
        {
            try
            {
                connection = OpenAttach(ctx, id, stdin, stdout, stderr, detachKeys);
            }
            catch (CliException e)
            {
                throw RunCommand.StatusError(e, false);
            }
            streamer = new HijackStreamer(ctx.Cli, connection, tty, stdin, stdout, stderr, detachKeys);
            var s = streamer;
            streaming = Task.Factory.StartNew(s.Run, TaskCreationOptions.LongRunning);
        }
        try
        {
            var status = BeginWait(ctx, id, autoRemove ? "removed" : "next-exit");
            try
            {
                start();
            }
            catch (CliException e)
            {
                if (attach)
                {
                    connection!.Dispose();
                    try
                    {
                        streaming!.Wait();
                    }
                    catch (AggregateException)
                    {
                    }
                }
                if (autoRemove) status.Wait();
                throw RunCommand.StatusError(e, forRun);
            }
            if (!attach)
            {
                RunCommand.PrintId(ctx, id);
                return 0;
            }
            using var resizer = tty && ctx.Cli.IsOutTerminal ? TtyResizer.Monitor(ctx.Cli, ObjectPaths.Container(id) + "/resize") : null;
            int first = Task.WaitAny(streaming!, status);
            if (first == 0)
            {
                var outcome = streaming!.Result;
                if (outcome.Detached) return 0;
                if (outcome.Error is not null) throw outcome.Error is CliException ce ? ce : new CliException(outcome.Error.Message);
                int code = status.Result;
                return code;
            }
            else
            {
                int code = status.Result;
                if (!stdout && !stderr) connection!.Dispose();
                try
                {
                    streaming!.Wait();
                }
                catch (AggregateException)
                {
                }
                return code;
            }
        }
        finally
        {
            streamer?.RestoreTerminal();
            connection?.Dispose();
            ctx.Out.Flush();
        }
    }

    /// <summary>`berth start -a/-i CONTAINER`.</summary>
    public static int StartAttached(CommandContext ctx, string container, bool interactive, string detachKeys, string checkpoint, string checkpointDir)
    {
        var (typed, _) = InspectCommands.Container(ctx, container, false);
        var c = (GoStruct)typed!;
        var config = c.Struct("Config")!;
        string id = c.Str("ID");
        bool tty = config.Bool("Tty");
        using var signals = !tty ? new SignalProxy(ctx.Client, id) : null;
        if (detachKeys.Length == 0) detachKeys = ctx.Cli.Config.DetachKeys ?? "";
        bool stdin = interactive && config.Bool("OpenStdin");
        bool autoRemove = c.Struct("HostConfig")?.Bool("AutoRemove") ?? false;
        var q = new QueryString();
        if (checkpoint.Length > 0) q.Set("checkpoint", checkpoint);
        if (checkpointDir.Length > 0) q.Set("checkpoint-dir", checkpointDir);
        return Execute(ctx, id, attach: true, tty, stdin, stdout: true, stderr: true, detachKeys, autoRemove, forRun: false, start: () =>
        {
            using var r = ctx.Client.Send("POST", ObjectPaths.Container(id) + "/start", q);
            r.ReadAllBytes();
        });
    }

    internal static string Invariant(long v) => v.ToString(CultureInfo.InvariantCulture);
}
