using System.Globalization;
using System.Text;
using Berth.Cli.Client;
using Berth.Cli.Options;
using Berth.Cli.Parsing;
using Berth.Cli.Progress;
using Berth.Cli.Templates;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>`berth events` / `berth system events`: the daemon's event stream, pretty or templated, line by line.</summary>
public static class EventsCommand
{
    public static void Register(Dictionary<string, CommandBinding> d) =>
        d["system events"] = new CommandBinding { Handler = Run, Args = ArgsRule.None };

    private static int Run(CommandContext ctx)
    {
        var f = ctx.Flags;
        string format = f.GetString("format");
        GoTemplate? tmpl = null;
        if (format.Length > 0)
        {
            try
            {
                tmpl = GoTemplate.Parse(format == "json" ? "{{json .}}" : format);
                tmpl.Execute(GoSchema.New("events.Message"));
            }
            catch (TemplateException e)
            {
                throw new CliException("Error parsing format: " + e.Message, 64);
            }
        }
        var q = new QueryString();
        var now = DateTimeOffset.UtcNow;
        if (f.GetString("since") is { Length: > 0 } since) q.Set("since", Timestamps.Get(since, now));
        if (f.GetString("until") is { Length: > 0 } until) q.Set("until", Timestamps.Get(until, now));
        var filters = FilterArgs.From(f.GetList("filter"));
        if (filters.Count > 0) q.Set("filters", filters.ToJson());
        using var response = ctx.Client.Send("GET", "/events", q);
        var reader = new JsonStreamReader(response.Body);
        while (reader.Next() is { } json)
        {
            var e = GoJson.DecodeStruct(json, "events.Message");
            if (tmpl is null) ctx.Out.Write(Pretty(e));
            else
            {
                var sb = new StringBuilder();
                try
                {
                    tmpl.Execute(sb, e);
                }
                finally
                {
                    ctx.Out.Write(sb.Append('\n').ToString());
                }
            }
            ctx.Out.Flush();
        }
        return 0;
    }

    private static string Pretty(GoStruct e)
    {
        var sb = new StringBuilder();
        long nano = e.Int("TimeNano"), sec = e.Int("Time");
        if (nano != 0) sb.Append(Fixed(DateTimeOffset.FromUnixTimeMilliseconds(nano / 1_000_000), (int)(nano % 1_000_000_000))).Append(' ');
        else if (sec != 0) sb.Append(Fixed(DateTimeOffset.FromUnixTimeSeconds(sec), 0)).Append(' ');
        var actor = e.Struct("Actor")!;
        sb.Append(e.Str("Type")).Append(' ').Append(e.Str("Action")).Append(' ').Append(actor.Str("ID"));
        var attrs = actor.Map("Attributes");
        if (attrs is { Count: > 0 })
            sb.Append(" (").Append(string.Join(", ", attrs.Entries!.Select(kv => kv.Key + "=" + kv.Value))).Append(')');
        sb.Append('\n');
        return sb.ToString();
    }

    private static string Fixed(DateTimeOffset t, int nanos)
    {
        var local = TimeZoneInfo.ConvertTime(t, TimeZoneInfo.Local);
        string s = local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." + nanos.ToString("000000000", CultureInfo.InvariantCulture);
        return s + (local.Offset == TimeSpan.Zero ? "Z" : local.ToString("zzz", CultureInfo.InvariantCulture));
    }
}
