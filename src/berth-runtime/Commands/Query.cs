using System.Diagnostics;
using System.Text.Json;
using Berth.Runtime;

namespace Berth.RuntimeCli.Commands;

/// <summary>state, list, ps, events.</summary>
internal static class Query
{
    public static int State(LinuxRuntime runtime, IReadOnlyList<string> args)
    {
        var a = new ArgReader().Parse(args, 0);
        var state = runtime.State(a.Id("state"));
        System.Console.Out.Write(JsonSerializer.Serialize(state, CliJsonContext.Indented(' ', 2).RuntimeState));
        return 0;
    }

    public static int List(LinuxRuntime runtime, IReadOnlyList<string> args)
    {
        var a = new ArgReader().Value("format", "f").Bool("quiet", "q").Parse(args, 0);
        var states = runtime.List();
        if (a.Flag("quiet"))
        {
            foreach (var s in states) System.Console.Out.WriteLine(s.Id);
            return 0;
        }
        switch (a.Get("format") ?? "table")
        {
            case "json":
                System.Console.Out.WriteLine(JsonSerializer.Serialize(states.ToList(), CliJsonContext.Default.ListRuntimeState));
                return 0;
            case "table":
                var rows = new List<string[]> { new[] { "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER" } };
                foreach (var s in states) rows.Add([s.Id, s.Pid.ToString(), s.Status, s.Bundle, s.Created, string.IsNullOrEmpty(s.Owner) ? "root" : s.Owner]);
                System.Console.Out.Write(Table(rows));
                return 0;
            default:
                throw new UsageException("invalid format option");
        }
    }

    /// <summary>Columns padded as Go's tabwriter(minwidth 12, padding 3) does.</summary>
    private static string Table(List<string[]> rows)
    {
        int cols = rows[0].Length;
        var widths = new int[cols];
        foreach (var r in rows)
            for (int c = 0; c < cols - 1; c++) widths[c] = Math.Max(widths[c], r[c].Length);
        var sb = new System.Text.StringBuilder();
        foreach (var r in rows)
        {
            for (int c = 0; c < cols; c++)
            {
                if (c == cols - 1) sb.Append(r[c]);
                else sb.Append(r[c].PadRight(Math.Max(12, widths[c] + 3)));
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    public static int Ps(LinuxRuntime runtime, IReadOnlyList<string> args)
    {
        var a = new ArgReader().Value("format", "f").Parse(args, 0, stopAfterPositional: 1);
        var pids = runtime.Ps(a.Id("ps"));
        if (a.Get("format") == "json")
        {
            System.Console.Out.WriteLine(JsonSerializer.Serialize(pids.ToList(), CliJsonContext.Default.ListInt32));
            return 0;
        }
        var psArgs = a.Positional.Count > 1 ? a.Positional.GetRange(1, a.Positional.Count - 1) : ["-ef"];
        var info = new ProcessStartInfo("ps") { RedirectStandardOutput = true };
        foreach (var p in psArgs) info.ArgumentList.Add(p);
        using var ps = Process.Start(info) ?? throw RuntimeException.Invalid("ps: cannot run ps");
        string output = ps.StandardOutput.ReadToEnd();
        ps.WaitForExit();
        var lines = output.Split('\n');
        if (lines.Length == 0) return 0;
        int pidColumn = Array.IndexOf(lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries), "PID");
        if (pidColumn < 0) throw RuntimeException.Invalid("ps: no PID column in the output of ps");
        var set = new HashSet<int>(pids);
        System.Console.Out.WriteLine(lines[0]);
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length > pidColumn && int.TryParse(f[pidColumn], out int pid) && set.Contains(pid)) System.Console.Out.WriteLine(line);
        }
        return 0;
    }

    public static int Events(LinuxRuntime runtime, IReadOnlyList<string> args)
    {
        var a = new ArgReader().Bool("stats").Value("interval").Parse(args, 0);
        string id = a.Id("events");
        if (!a.Flag("stats")) throw RuntimeException.NotSupported("events: only --stats is supported");
        var stats = runtime.Stats(id);
        string data = JsonSerializer.Serialize(stats, CliJsonContext.Default.CgroupStats);
        System.Console.Out.WriteLine($"{{\"type\":\"stats\",\"id\":\"{id}\",\"data\":{data}}}");
        return 0;
    }
}
