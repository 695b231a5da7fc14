using Berth.Cli.Client;
using Berth.Cli.Formatting;
using Berth.Cli.Options;
using Berth.Cli.Parsing;
using Berth.Cli.Templates;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>`berth ps` / `berth container ls`.</summary>
public static class ContainerListCommand
{
    public static void Register(Dictionary<string, CommandBinding> d) =>
        d["container ls"] = new CommandBinding { Handler = Run, Args = ArgsRule.None };

    private const string DefaultTable = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";

    private static int Run(CommandContext ctx)
    {
        var f = ctx.Flags;
        bool quiet = f.GetBool("quiet");
        string format = f.GetString("format");
        if (format.Length == 0) format = ctx.Cli.Config.PsFormat ?? "";
        else if (quiet) ctx.Err.WriteLine("WARNING: Ignoring custom format, because both --format and --quiet are set.");
        bool size = f.GetBool("size");
        long last = f.GetInt("last");
        if (f.GetBool("latest") && last == -1) last = 1;
        {
            if (format.Length > 0)
            {
                GoTemplate tmpl;
                try
                {
                    tmpl = GoTemplate.Parse(format);
                }
                catch (TemplateException e)
                {
                    throw new CliException("failed to parse template: " + e.Message);
                }
                var probe = new ContainerContext(null, true);
                try
                {
                    tmpl.Execute(probe);
                }
                catch (TemplateException e)
                {
                    throw new CliException("failed to execute template: " + e.Message);
                }
                if (!quiet && !size && !f.Changed("size") && probe.SizeUsed) size = true;
            }
        }
        var q = new QueryString();
        if (f.GetBool("all")) q.Set("all", "1");
        if (last > 0) q.Set("limit", last.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (size) q.Set("size", "1");
        var filters = FilterArgs.From(f.GetList("filter"));
        if (filters.Count > 0) q.Set("filters", filters.ToJson());
        var json = ctx.Client.GetString("/containers/json", q);
        var list = GoJson.Decode(json, GoType.SliceOf(GoSchema.Get("container.Summary"))) as GoSlice;
        string final = FinalFormat(format, quiet, size);
        bool trunc = !f.GetBool("no-trunc");
        var rows = (list?.Items ?? []).Select(x => (object?)new ContainerContext(x as GoStruct, trunc));
        FormatContext.Write(ctx.Out, final, new HeaderContext(ContainerContext.Header), rows);
        return 0;
    }

    private static string FinalFormat(string source, bool quiet, bool size)
    {
        switch (source)
        {
            case "table" or "":
                if (quiet) return "{{.ID}}";
                return size ? DefaultTable + "\t{{.Size}}" : DefaultTable;
            case "raw":
                if (quiet) return "container_id: {{.ID}}";
                string raw = "container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\ncreated_at: {{.CreatedAt}}\nstate: {{- pad .State 1 0}}\nstatus: {{- pad .Status 1 0}}\nnames: {{.Names}}\nlabels: {{- pad .Labels 1 0}}\nports: {{- pad .Ports 1 0}}\n";
                if (size) raw += "size: {{.Size}}\\n";
                return raw;
            default:
                return quiet ? "{{.ID}}" : source;
        }
    }
}
