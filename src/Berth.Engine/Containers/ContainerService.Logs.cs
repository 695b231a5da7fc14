using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Berth.Engine.Errors;

namespace Berth.Engine.Containers;

public sealed class LogOptions
{
    public bool Stdout { get; init; }
    public bool Stderr { get; init; }
    public bool Follow { get; init; }
    public bool Timestamps { get; init; }
    public long? SinceNanos { get; init; }
    public long? UntilNanos { get; init; }
    /// <summary>Only the last N lines; null for all.</summary>
    public int? Tail { get; init; }
    /// <summary>TTY containers: no stream framing.</summary>
    public bool Raw { get; init; }
}

public sealed partial class ContainerService
{
    /// <summary>GET /containers/{id}/logs: json-file entries (rotated files first), framed unless raw; follow tails the file.</summary>
    public async Task WriteLogsAsync(Container c, Stream output, LogOptions o, CancellationToken cancel)
    {
        var type = c.Record.HostConfig.LogConfig?.Type;
        if (type == "none" || string.IsNullOrEmpty(c.Record.LogPath))
            throw EngineException.NotImplemented($"configured logging driver does not support reading");
        if (!o.Stdout && !o.Stderr) throw EngineException.Invalid("Bad parameters: you must choose at least one stream");
        string path = c.Record.LogPath;
        var files = RotatedFiles(path);
        var entries = new List<(string Log, string Stream, string Time)>();
        foreach (var f in files) ReadEntries(f, entries, 0, out _);
        long offset = File.Exists(path) ? new FileInfo(path).Length : 0;
        // the current file was read last; remember where its content ended for follow
        IEnumerable<(string Log, string Stream, string Time)> selected = entries.Where(e => Wanted(e, o));
        if (o.Tail is int tail && tail >= 0) selected = selected.TakeLast(tail);
        foreach (var e in selected)
        {
            if (o.UntilNanos is long u && ParseNanos(e.Time) > u) break;
            await WriteEntryAsync(output, e, o, cancel);
        }
        await output.FlushAsync(cancel);
        if (!o.Follow) return;

        var exit = c.NextExit.Task;
        bool running = c.IsRunning || c.Record.State.Status == "restarting";
        ulong inode = Inode(path);
        while (!cancel.IsCancellationRequested)
        {
            bool ended = !running || exit.IsCompleted;
            var fresh = new List<(string, string, string)>();
            ulong now = Inode(path);
            if (now != inode) { offset = 0; inode = now; }
            long newOffset = ReadEntries(path, fresh, offset, out bool _);
            offset = newOffset;
            foreach (var e in fresh.Where(e => Wanted(e, o)))
            {
                if (o.UntilNanos is long u && ParseNanos(e.Item3) > u) return;
                await WriteEntryAsync(output, e, o, cancel);
            }
            if (fresh.Count > 0) await output.FlushAsync(cancel);
            if (ended) return;
            if (o.UntilNanos is long until && Filtering.Timestamps.NowNanos() > until) return;
            await Task.WhenAny(Task.Delay(100, cancel), exit).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static bool Wanted((string Log, string Stream, string Time) e, LogOptions o)
    {
        if (e.Stream == "stderr" ? !o.Stderr : !o.Stdout) return false;
        if (o.SinceNanos is long s && ParseNanos(e.Time) < s) return false;
        return true;
    }

    private static List<string> RotatedFiles(string path)
    {
        var list = new List<string>();
        for (int i = 9; i >= 1; i--)
            if (File.Exists($"{path}.{i}")) list.Add($"{path}.{i}");
        if (File.Exists(path)) list.Add(path);
        return list;
    }

    private static ulong Inode(string path) => Linux.Fs.FsCalls.TryStatAt(null, path, 0, out var st) == 0 ? st.Inode : 0;

    /// <summary>Reads complete lines from <paramref name="offset"/>; returns the offset after the last complete line.</summary>
    private static long ReadEntries(string path, List<(string, string, string)> into, long offset, out bool any)
    {
        any = false;
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (offset > fs.Length) offset = 0;
            fs.Position = offset;
            var data = new byte[fs.Length - offset];
            fs.ReadExactly(data);
            int start = 0;
            for (int i = 0; i < data.Length; i++)
            {
                if (data[i] != (byte)'\n') continue;
                var line = data.AsSpan(start, i - start);
                start = i + 1;
                try
                {
                    var reader = new Utf8JsonReader(line);
                    string log = "", stream = "stdout", time = "";
                    while (reader.Read())
                    {
                        if (reader.TokenType != JsonTokenType.PropertyName) continue;
                        string name = reader.GetString()!;
                        reader.Read();
                        switch (name)
                        {
                            case "log": log = reader.GetString() ?? ""; break;
                            case "stream": stream = reader.GetString() ?? "stdout"; break;
                            case "time": time = reader.GetString() ?? ""; break;
                        }
                    }
                    into.Add((log, stream, time));
                    any = true;
                }
                catch (JsonException) { }
            }
            return offset + start;
        }
        catch (FileNotFoundException) { return 0; }
    }

    private static async Task WriteEntryAsync(Stream output, (string Log, string Stream, string Time) e, LogOptions o, CancellationToken cancel)
    {
        string text = o.Timestamps ? e.Time + " " + e.Log : e.Log;
        var payload = Encoding.UTF8.GetBytes(text);
        if (!o.Raw)
        {
            var header = new byte[8];
            header[0] = e.Stream == "stderr" ? (byte)2 : (byte)1;
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)payload.Length);
            await output.WriteAsync(header, cancel);
        }
        await output.WriteAsync(payload, cancel);
    }

    private static long ParseNanos(string rfc3339)
    {
        // 2026-11-29T17:57:32.123456789Z
        if (rfc3339.Length < 20) return 0;
        int dot = rfc3339.IndexOf('.');
        string secs = dot > 0 ? rfc3339[..dot] + "Z" : rfc3339;
        if (!DateTimeOffset.TryParse(secs, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) return 0;
        long nanos = (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        if (dot > 0)
        {
            string frac = new string(rfc3339[(dot + 1)..].TakeWhile(char.IsAsciiDigit).ToArray()).PadRight(9, '0')[..9];
            nanos += long.Parse(frac, CultureInfo.InvariantCulture);
        }
        return nanos;
    }
}
