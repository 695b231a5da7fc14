using System.Globalization;
using System.Text;
using Berth.Cli.Client;
using Berth.Cli.Options;
using Berth.Cli.Parsing;
using Berth.Cli.Streams;
using Berth.Cli.Values;
using Berth.Linux.Terminal;

namespace Berth.Cli.Commands;

/// <summary>`berth exec`: inspect, create the exec, start it hijacked (or detached), then read its exit code.</summary>
public static class ExecCommand
{
    public static void Register(Dictionary<string, CommandBinding> d) =>
        d["container exec"] = new CommandBinding
        {
            Handler = Run,
            Args = ArgsRule.AtLeast(2),
            Interspersed = false,
            Configure = flags =>
            {
                foreach (var f in flags)
                    if (f.Name == "env") f.Validator = Validators.Env;
            },
        };

    private static int Run(CommandContext ctx)
    {
        var f = ctx.Flags;
        string container = ctx.Args[0];
        var exec = GoSchema.New("container.ExecOptions");
        bool detach = f.GetBool("detach");
        bool tty = f.GetBool("tty");
        exec["User"] = f.GetString("user");
        exec["Privileged"] = f.GetBool("privileged");
        exec["Tty"] = tty;
        exec["Cmd"] = GoSlice.Of(ctx.Args.Skip(1));
        exec["Detach"] = detach;
        exec["WorkingDir"] = f.GetString("workdir");
        var env = new List<string>();
        foreach (var file in f.GetList("env-file")) env.AddRange(KeyValueFile.Parse(file, ctx.Cli.Env));
        env.AddRange(f.GetList("env"));
        exec["Env"] = env.Count == 0 ? new GoSlice(GoType.StringSlice, null) : GoSlice.Of(env);
        if (!detach)
        {
            exec["AttachStdout"] = true;
            exec["AttachStderr"] = true;
            if (f.GetBool("interactive")) exec["AttachStdin"] = true;
        }
        string detachKeys = f.GetString("detach-keys");
        if (detachKeys.Length == 0) detachKeys = ctx.Cli.Config.DetachKeys ?? "";
        exec["DetachKeys"] = detachKeys;

        ctx.Client.GetString(ObjectPaths.Container(container) + "/json");
        bool stdin = exec.Bool("AttachStdin");
        if (!detach && stdin && tty && !ctx.Cli.IsInTerminal) throw new CliException("the input device is not a TTY");
        GoSlice? consoleSize = null;
        if (tty)
        {
            ushort h = 0, w = 0;
            if (ctx.Cli.IO.StdoutFd >= 0) Tty.TryGetSize(ctx.Cli.IO.StdoutFd, out h, out w);
            consoleSize = new GoSlice(GoType.ArrayOf(GoType.Uint, 2), [(ulong)h, (ulong)w]);
            if (ctx.Client.VersionAtLeast("1.42")) exec["ConsoleSize"] = consoleSize;
        }
        if (env.Count > 0) ctx.Client.RequireVersion("1.25", "env");
        string created = ctx.Client.PostJson(ObjectPaths.Container(container) + "/exec", null, GoJson.Encode(exec) + "\n");
        string execId = GoJson.DecodeStruct(created, "common.IDResponse").Str("ID");
        if (execId.Length == 0) throw new CliException("exec ID empty");

        var start = GoSchema.New("container.ExecStartOptions");
        start["Detach"] = detach;
        start["Tty"] = tty;
        if (consoleSize is not null && ctx.Client.VersionAtLeast("1.42")) start["ConsoleSize"] = consoleSize;
        byte[] startBody = Encoding.UTF8.GetBytes(GoJson.Encode(start) + "\n");
        if (detach)
        {
            using var r = ctx.Client.Send("POST", "/exec/" + execId + "/start", null, startBody, "application/json");
            r.ReadAllBytes();
            return 0;
        }
        using var connection = ctx.Client.Hijack("POST", "/exec/" + execId + "/start", null, startBody);
        var streamer = new HijackStreamer(ctx.Cli, connection, tty, stdin, stdout: true, stderr: true, detachKeys);
        var streaming = Task.Factory.StartNew(streamer.Run, TaskCreationOptions.LongRunning);
        using var resizer = tty && ctx.Cli.IsInTerminal ? TtyResizer.Monitor(ctx.Cli, "/exec/" + execId + "/resize") : null;
        HijackOutcome outcome;
        try
        {
            outcome = streaming.Result;
        }
        finally
        {
            streamer.RestoreTerminal();
        }
        if (outcome.Error is not null) throw outcome.Error as CliException ?? new CliException(outcome.Error.Message);
        if (outcome.Detached) throw new CliException("read escape sequence");
        try
        {
            var inspect = GoJson.DecodeStruct(ctx.Client.GetString("/exec/" + execId + "/json"), "container.ExecInspect");
            return (int)inspect.Int("ExitCode");
        }
        catch (DaemonUnavailableException)
        {
            return 255;
        }
    }

    internal static string Inv(long v) => v.ToString(CultureInfo.InvariantCulture);
}
