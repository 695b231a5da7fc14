using System.Text;
using System.Text.Json;
using Berth.Cli.Client;
using Berth.Cli.Formatting;
using Berth.Cli.Options;
using Berth.Cli.Parsing;
using Berth.Cli.Progress;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>`berth stats`: one stats stream per container, the table redrawn every 500 ms (or printed once).</summary>
public static class StatsCommand
{
    public static void Register(Dictionary<string, CommandBinding> d) =>
        d["container stats"] = new CommandBinding { Handler = Run, Args = ArgsRule.Any };

    private sealed class Collector
    {
        public readonly StatsEntry Entry;
        public readonly ManualResetEventSlim First = new(false);

        public Collector(string container) => Entry = new StatsEntry { Container = container };
    }

    private static int Run(CommandContext ctx)
    {
        var f = ctx.Flags;
        bool stream = !f.GetBool("no-stream");
        bool showAll = ctx.Args.Count == 0;
        var collectors = new List<Collector>();
        var gate = new object();
        void Add(string id)
        {
            lock (gate)
            {
                if (collectors.Any(c => c.Entry.Container == id)) return;
                var c = new Collector(id);
                collectors.Add(c);
                new Thread(() => Collect(ctx, c, stream)) { IsBackground = true, Name = "stats" }.Start();
            }
        }
        if (showAll)
        {
            var q = new QueryString();
            if (f.GetBool("all")) q.Set("all", "1");
            var list = GoJson.Decode(ctx.Client.GetString("/containers/json", q), GoType.SliceOf(GoSchema.Get("container.Summary"))) as GoSlice;
            foreach (var c in (list?.Items ?? []).OfType<GoStruct>()) Add(c.Str("ID")[..12]);
            if (stream) WatchEvents(ctx, f.GetBool("all"), Add, id => { lock (gate) collectors.RemoveAll(c => c.Entry.Container == id); });
        }
        else
        {
            foreach (var c in ctx.Args) Add(c);
        }
        List<Collector> snapshot;
        lock (gate) snapshot = collectors.ToList();
        foreach (var c in snapshot) c.First.Wait(TimeSpan.FromSeconds(2.5));
        if (!showAll)
        {
            var errors = snapshot.Where(c => c.Entry.Error is not null).Select(c => c.Entry.Error!).ToList();
            if (errors.Count > 0) throw new CliException(string.Join("\n", errors));
        }
        string format = f.GetString("format");
        if (format.Length == 0) format = "table";
        if (format == "table") format = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";
        bool trunc = !f.GetBool("no-trunc");
        while (true)
        {
            lock (gate) snapshot = collectors.ToList();
            var text = new StringWriter { NewLine = "\n" };
            FormatContext.Write(text, format, new HeaderContext(StatsContext.Header), snapshot.Select(c => (object?)new StatsContext(c.Entry, trunc)));
            if (stream)
            {
                var sb = new StringBuilder("\x1b[H");
                foreach (var line in text.ToString().Split('\n')) sb.Append(line).Append(" \x1b[K\n");
                sb.Append("\x1b[J");
                ctx.Out.Write(sb.ToString());
            }
            else ctx.Out.Write(text.ToString());
            ctx.Out.Flush();
            if (!stream) break;
            if (snapshot.Count == 0 && !showAll) break;
            Thread.Sleep(500);
        }
        return 0;
    }

    private static void WatchEvents(CommandContext ctx, bool all, Action<string> add, Action<string> remove)
    {
        new Thread(() =>
        {
            try
            {
                var filters = new FilterArgs();
                filters.Add("type", "container");
                using var r = ctx.Client.Send("GET", "/events", new QueryString().Set("filters", filters.ToJson()));
                var reader = new JsonStreamReader(r.Body);
                while (reader.Next() is { } json)
                {
                    var e = GoJson.DecodeStruct(json, "events.Message");
                    string id = e.Struct("Actor")!.Str("ID");
                    if (id.Length < 12) continue;
                    string action = e.Str("Action");
                    if (action == "start" || (all && action == "create")) add(id[..12]);
                    else if (!all && action == "die") remove(id[..12]);
                }
            }
            catch (CliException)
            {
            }
            catch (IOException)
            {
            }
        }) { IsBackground = true, Name = "stats-events" }.Start();
    }

    private static void Collect(CommandContext ctx, Collector c, bool stream)
    {
        var s = c.Entry;
        try
        {
            var q = new QueryString().Set("stream", stream ? "1" : "0");
            if (!stream && ctx.Client.VersionAtLeast("1.41")) q.Set("one-shot", "1");
            using var r = ctx.Client.Send("GET", ObjectPaths.Container(c.Entry.Container) + "/stats", q);
            var reader = new JsonStreamReader(r.Body);
            while (reader.Next() is { } json)
            {
                Update(s, json);
                c.First.Set();
                if (!stream) break;
            }
        }
        catch (Exception e) when (e is CliException or IOException or JsonException)
        {
            lock (s)
            {
                s.Error = e.Message;
                s.IsInvalid = true;
            }
            c.First.Set();
        }
    }

    private static void Update(StatsEntry s, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var v = doc.RootElement;
        ulong U(JsonElement e, params string[] path)
        {
            foreach (var p in path)
            {
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e)) return 0;
            }
            return e.ValueKind == JsonValueKind.Number && e.TryGetUInt64(out ulong u) ? u : 0;
        }
        double previousCpu = U(v, "precpu_stats", "cpu_usage", "total_usage");
        double previousSystem = U(v, "precpu_stats", "system_cpu_usage");
        double cpuDelta = U(v, "cpu_stats", "cpu_usage", "total_usage") - previousCpu;
        double systemDelta = U(v, "cpu_stats", "system_cpu_usage") - previousSystem;
        double online = U(v, "cpu_stats", "online_cpus");
        if (online == 0 && v.TryGetProperty("cpu_stats", out var cs) && cs.TryGetProperty("cpu_usage", out var cu)
            && cu.TryGetProperty("percpu_usage", out var per) && per.ValueKind == JsonValueKind.Array)
            online = per.GetArrayLength();
        double cpu = systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * online * 100.0 : 0;
        double usage = U(v, "memory_stats", "usage");
        double mem = usage;
        if (v.TryGetProperty("memory_stats", out var ms) && ms.TryGetProperty("stats", out var st) && st.ValueKind == JsonValueKind.Object)
        {
            if (st.TryGetProperty("total_inactive_file", out var tif) && tif.TryGetUInt64(out ulong t1) && t1 < usage) mem = usage - t1;
            else if (st.TryGetProperty("inactive_file", out var ifl) && ifl.TryGetUInt64(out ulong t2) && t2 < usage) mem = usage - t2;
            else if (!st.TryGetProperty("inactive_file", out _) && 0 < usage) mem = usage;
        }
        double limit = U(v, "memory_stats", "limit");
        double blkRead = 0, blkWrite = 0;
        if (v.TryGetProperty("blkio_stats", out var blk) && blk.TryGetProperty("io_service_bytes_recursive", out var ios) && ios.ValueKind == JsonValueKind.Array)
            foreach (var entry in ios.EnumerateArray())
            {
                string op = entry.TryGetProperty("op", out var o) ? o.GetString() ?? "" : "";
                double value = U(entry, "value");
                if (op.Length == 0) continue;
                if (op[0] is 'r' or 'R') blkRead += value;
                else if (op[0] is 'w' or 'W') blkWrite += value;
            }
        double rx = 0, tx = 0;
        if (v.TryGetProperty("networks", out var nets) && nets.ValueKind == JsonValueKind.Object)
            foreach (var n in nets.EnumerateObject())
            {
                rx += U(n.Value, "rx_bytes");
                tx += U(n.Value, "tx_bytes");
            }
        lock (s)
        {
            s.Name = v.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "";
            s.Id = v.TryGetProperty("id", out var id) ? id.GetString() ?? "" : "";
            s.CpuPercentage = cpu;
            s.Memory = mem;
            s.MemoryLimit = limit;
            s.MemoryPercentage = limit != 0 ? mem / limit * 100.0 : 0;
            s.NetworkRx = rx;
            s.NetworkTx = tx;
            s.BlockRead = blkRead;
            s.BlockWrite = blkWrite;
            s.PidsCurrent = U(v, "pids_stats", "current");
            s.IsInvalid = false;
            s.Error = null;
        }
    }
}
