using System.Text;
using Berth.Cli.Client;
using Berth.Cli.Templates;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>
/// docker's inspect.Inspect: raw JSON re-indented (no format), compact ("json"), or a template run on the typed
/// value with a fallback to the raw JSON (missingkey=error) when the typed run fails.
/// </summary>
public static class InspectRunner
{
    /// <summary>Looks one reference up: the typed value and the daemon's raw JSON.</summary>
    public delegate (object? Typed, string Raw) Lookup(string reference);

    public static int Run(CommandContext ctx, IEnumerable<string> references, string format, Lookup lookup)
    {
        GoTemplate? tmpl = null;
        if (format.Length > 0 && format != "json")
        {
            try
            {
                tmpl = GoTemplate.Parse(format);
            }
            catch (TemplateException e)
            {
                throw new CliException("template parsing error: " + e.Message, 64);
            }
        }
        var errors = new List<string>();
        var raws = new List<string>();
        var buffer = new StringBuilder();
        foreach (var reference in references)
        {
            (object? Typed, string Raw) element;
            try
            {
                element = lookup(reference);
            }
            catch (CliException e)
            {
                if (e is DaemonUnavailableException) throw;
                errors.Add(e.Message);
                continue;
            }
            if (tmpl is null)
            {
                raws.Add(element.Raw);
                continue;
            }
            var one = new StringBuilder();
            try
            {
                tmpl.Execute(one, element.Typed);
            }
            catch (TemplateException)
            {
                one.Clear();
                try
                {
                    var raw = GoJson.DecodeUntyped(element.Raw, useNumber: true);
                    tmpl.Execute(one, raw, missingKeyError: true);
                }
                catch (TemplateException e2)
                {
                    errors.Add("template parsing error: " + e2.Message);
                    continue;
                }
            }
            buffer.Append(one).Append('\n');
        }
        if (tmpl is null)
        {
            if (raws.Count == 0) ctx.Out.Write("[]\n");
            else
            {
                string joined = "[" + string.Join(",", raws) + "]";
                ctx.Out.Write(format == "json" ? GoJson.CompactJson(joined) : GoJson.Indent(joined));
                ctx.Out.Write('\n');
            }
        }
        else
        {
            ctx.Out.Write(buffer.Length == 0 ? "\n" : buffer.ToString());
        }
        if (errors.Count > 0) throw new CliException(string.Join("\n", errors));
        return 0;
    }
}
