using System.Globalization;
using Berth.Cli.Client;
using Berth.Cli.Options;
using Berth.Cli.Parsing;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>start, stop, restart, kill, rm, pause, unpause, wait, rename, update.</summary>
public static class ContainerLifecycleCommands
{
    public static void Register(Dictionary<string, CommandBinding> d)
    {
        d["container start"] = new CommandBinding { Handler = Start, Args = ArgsRule.AtLeast(1) };
        d["container stop"] = new CommandBinding
        {
            Handler = ctx => StopOrRestart(ctx, "stop"),
            Args = ArgsRule.AtLeast(1),
            HiddenFlags = TimeFlag,
        };
        d["container restart"] = new CommandBinding
        {
            Handler = ctx => StopOrRestart(ctx, "restart"),
            Args = ArgsRule.AtLeast(1),
            HiddenFlags = TimeFlag,
        };
        d["container kill"] = new CommandBinding { Handler = Kill, Args = ArgsRule.AtLeast(1) };
        d["container rm"] = new CommandBinding { Handler = Remove, Args = ArgsRule.AtLeast(1) };
        d["container pause"] = new CommandBinding { Handler = ctx => Simple(ctx, "pause"), Args = ArgsRule.AtLeast(1) };
        d["container unpause"] = new CommandBinding { Handler = ctx => Simple(ctx, "unpause"), Args = ArgsRule.AtLeast(1) };
        d["container wait"] = new CommandBinding { Handler = Wait, Args = ArgsRule.AtLeast(1) };
        d["container rename"] = new CommandBinding { Handler = Rename, Args = ArgsRule.Exact(2) };
        d["container update"] = new CommandBinding
        {
            Handler = Update,
            Args = ArgsRule.AtLeast(1),
            HiddenFlags = () => [new FlagSpec(FlagKind.Bytes, "kernel-memory", '\0', "Kernel memory limit") { Hidden = true }],
        };
    }

    private static FlagSpec[] TimeFlag() =>
        [new FlagSpec(FlagKind.Int, "time", '\0', "Seconds to wait before killing the container (deprecated: use --timeout)") { Hidden = true, Deprecated = "use --timeout instead", SameAs = "timeout" }];

    private static void Post(CommandContext ctx, string path, QueryString? q = null)
    {
        using var r = ctx.Client.Send("POST", path, q);
        r.ReadAllBytes();
    }

    private static int Start(CommandContext ctx)
    {
        bool attach = ctx.Flags.GetBool("attach");
        bool interactive = ctx.Flags.GetBool("interactive");
        string checkpoint = ctx.Flags.GetString("checkpoint");
        if (attach || interactive)
        {
            if (ctx.Args.Count > 1) throw new CliException("you cannot start and attach multiple containers at once");
            return AttachSession.StartAttached(ctx, ctx.Args[0], interactive, ctx.Flags.GetString("detach-keys"),
                checkpoint, ctx.Flags.GetString("checkpoint-dir"));
        }
        if (checkpoint.Length > 0)
        {
            if (ctx.Args.Count > 1) throw new CliException("you cannot restore multiple containers at once");
            var q = new QueryString().Set("checkpoint", checkpoint);
            if (ctx.Flags.GetString("checkpoint-dir") is { Length: > 0 } dir) q.Set("checkpoint-dir", dir);
            Post(ctx, ObjectPaths.Container(ctx.Args[0]) + "/start", q);
            return 0;
        }
        var failed = new List<string>();
        foreach (var c in ctx.Args)
        {
            try
            {
                Post(ctx, ObjectPaths.Container(c) + "/start");
                ctx.Out.WriteLine(c);
            }
            catch (ApiException e)
            {
                ctx.Out.Flush();
                ctx.Err.WriteLine(e.Message);
                failed.Add(c);
            }
        }
        if (failed.Count > 0) throw new CliException("Error: failed to start containers: " + string.Join(", ", failed));
        return 0;
    }

    private static int StopOrRestart(CommandContext ctx, string verb)
    {
        var q = new QueryString();
        if (ctx.Flags.Changed("timeout") || ctx.Flags.Changed("time"))
            q.Set("t", ctx.Flags.GetInt("timeout").ToString(CultureInfo.InvariantCulture));
        string signal = ctx.Flags.GetString("signal");
        if (signal.Length > 0)
        {
            ctx.Client.RequireVersion("1.42", "signal");
            q.Set("signal", signal);
        }
        var results = ParallelOps.Run(ctx.Args, c => Post(ctx, ObjectPaths.Container(c) + "/" + verb, q));
        return ParallelOps.Report(ctx, ctx.Args, results);
    }

    private static int Kill(CommandContext ctx)
    {
        var q = new QueryString();
        string signal = ctx.Flags.GetString("signal");
        if (signal.Length > 0) q.Set("signal", signal);
        var results = ParallelOps.Run(ctx.Args, c => Post(ctx, ObjectPaths.Container(c) + "/kill", q));
        return ParallelOps.Report(ctx, ctx.Args, results);
    }

    private static int Remove(CommandContext ctx)
    {
        bool force = ctx.Flags.GetBool("force");
        var q = new QueryString();
        if (ctx.Flags.GetBool("volumes")) q.Set("v", "1");
        if (ctx.Flags.GetBool("link")) q.Set("link", "1");
        if (force) q.Set("force", "1");
        var results = ParallelOps.Run(ctx.Args, c =>
        {
            string id = c.Trim('/');
            if (id.Length == 0) throw new CliException("container name cannot be empty");
            ctx.Client.Delete(ObjectPaths.Container(id), q);
        });
        return ParallelOps.Report(ctx, ctx.Args, results, e => force && e is ApiException { IsNotFound: true });
    }

    private static int Simple(CommandContext ctx, string verb)
    {
        var results = ParallelOps.Run(ctx.Args, c => Post(ctx, ObjectPaths.Container(c) + "/" + verb));
        return ParallelOps.Report(ctx, ctx.Args, results);
    }

    private static int Wait(CommandContext ctx)
    {
        var errors = new List<string>();
        foreach (var c in ctx.Args)
        {
            try
            {
                using var r = ctx.Client.Send("POST", ObjectPaths.Container(c) + "/wait");
                var body = GoJson.DecodeStruct(r.ReadAllText(), "container.WaitResponse");
                ctx.Out.WriteLine(body.Int("StatusCode").ToString(CultureInfo.InvariantCulture));
                ctx.Out.Flush();
            }
            catch (ApiException e)
            {
                errors.Add(e.Message);
            }
        }
        if (errors.Count > 0) throw new CliException(string.Join("\n", errors));
        return 0;
    }

    private static int Rename(CommandContext ctx)
    {
        string oldName = ctx.Args[0].Trim();
        string newName = ctx.Args[1].Trim();
        if (oldName.Length == 0 || newName.Length == 0) throw new CliException("Error: Neither old nor new names may be empty");
        try
        {
            Post(ctx, ObjectPaths.Container(oldName) + "/rename", new QueryString().Set("name", newName));
        }
        catch (ApiException e)
        {
            ctx.Err.WriteLine(e.Message);
            throw new CliException($"Error: failed to rename container named {oldName}");
        }
        return 0;
    }

    private static int Update(CommandContext ctx)
    {
        var f = ctx.Flags;
        string[] names = ["blkio-weight", "cpu-period", "cpu-quota", "cpu-rt-period", "cpu-rt-runtime", "cpu-shares", "cpus",
            "cpuset-cpus", "cpuset-mems", "memory", "memory-reservation", "memory-swap", "pids-limit", "restart", "kernel-memory"];
        if (!names.Any(f.Changed)) throw new CliException("you must provide one or more flags when using this command");
        var update = GoSchema.New("container.UpdateConfig");
        if (f.GetString("restart") is { Length: > 0 } restart) update["RestartPolicy"] = ContainerOptions.ParseRestartPolicy(restart);
        update["BlkioWeight"] = f.GetUint("blkio-weight");
        update["CpusetCpus"] = f.GetString("cpuset-cpus");
        update["CpusetMems"] = f.GetString("cpuset-mems");
        update["CPUShares"] = f.GetInt("cpu-shares");
        update["Memory"] = f.GetBytes("memory");
        update["MemoryReservation"] = f.GetBytes("memory-reservation");
        update["MemorySwap"] = f.GetBytes("memory-swap");
        update["KernelMemory"] = f.GetBytes("kernel-memory");
        update["CPUPeriod"] = f.GetInt("cpu-period");
        update["CPUQuota"] = f.GetInt("cpu-quota");
        update["CPURealtimePeriod"] = f.GetInt("cpu-rt-period");
        update["CPURealtimeRuntime"] = f.GetInt("cpu-rt-runtime");
        update["NanoCPUs"] = f.GetNanoCpus("cpus");
        if (f.GetInt("pids-limit") != 0) update["PidsLimit"] = f.GetInt("pids-limit");
        string body = GoJson.Encode(update);
        var warnings = new List<string>();
        var errors = new List<string>();
        foreach (var c in ctx.Args)
        {
            try
            {
                string resp = ctx.Client.PostJson(ObjectPaths.Container(c) + "/update", null, body);
                ctx.Out.WriteLine(c);
                warnings.AddRange(GoJson.DecodeStruct(resp, "container.UpdateResponse").Strings("Warnings"));
            }
            catch (ApiException e)
            {
                errors.Add(e.Message);
            }
        }
        if (warnings.Count > 0) ctx.Out.WriteLine(string.Join("\n", warnings));
        if (errors.Count > 0) throw new CliException(string.Join("\n", errors));
        return 0;
    }
}
