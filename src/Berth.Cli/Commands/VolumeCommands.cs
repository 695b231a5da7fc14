using Berth.Cli.Client;
using Berth.Cli.Formatting;
using Berth.Cli.Options;
using Berth.Cli.Parsing;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>volume create, ls, rm (inspect and prune live with their families).</summary>
public static class VolumeCommands
{
    public static void Register(Dictionary<string, CommandBinding> d)
    {
        d["volume create"] = new CommandBinding
        {
            Handler = Create,
            Args = ArgsRule.AtMost(1),
            HiddenFlags = () => [new FlagSpec(FlagKind.String, "name", '\0', "Specify volume name") { Hidden = true }],
            Configure = flags =>
            {
                foreach (var f in flags)
                    if (f.Name == "label") f.Validator = Validators.Label;
            },
        };
        d["volume ls"] = new CommandBinding { Handler = List, Args = ArgsRule.None };
        d["volume rm"] = new CommandBinding { Handler = Remove, Args = ArgsRule.AtLeast(1) };
    }

    private static int Create(CommandContext ctx)
    {
        var f = ctx.Flags;
        string name = f.GetString("name");
        if (ctx.Args.Count == 1)
        {
            if (name.Length > 0)
                throw new CliException($"conflicting options: cannot specify a volume-name through both --name and as a positional arg");
            name = ctx.Args[0];
        }
        if (f.Changed("group") || f.Changed("scope") || f.Changed("sharing") || f.Changed("availability") || f.Changed("type")
            || f.Changed("required-bytes") || f.Changed("limit-bytes") || f.Changed("secret") || f.Changed("topology-required") || f.Changed("topology-preferred"))
            throw new CliException("cluster volumes are not supported by berth");
        var opts = GoSchema.New("volume.CreateOptions");
        opts["Driver"] = f.GetString("driver");
        var driverOpts = GoMap.EmptyOf(GoType.String);
        foreach (var o in f.GetList("opt"))
        {
            int eq = o.IndexOf('=');
            driverOpts.Set(eq < 0 ? o : o[..eq], eq < 0 ? "" : o[(eq + 1)..]);
        }
        opts["DriverOpts"] = driverOpts;
        opts["Name"] = name;
        var labels = GoMap.EmptyOf(GoType.String);
        foreach (var l in f.GetList("label"))
        {
            int eq = l.IndexOf('=');
            labels.Set(eq < 0 ? l : l[..eq], eq < 0 ? "" : l[(eq + 1)..]);
        }
        opts["Labels"] = labels;
        string resp = ctx.Client.PostJson("/volumes/create", null, GoJson.Encode(opts) + "\n");
        ctx.Out.WriteLine(GoJson.DecodeStruct(resp, "volume.Volume").Str("Name"));
        return 0;
    }

    private static int List(CommandContext ctx)
    {
        var f = ctx.Flags;
        if (f.GetBool("cluster")) throw new CliException("cluster volumes are not supported by berth");
        var q = new QueryString();
        var filters = FilterArgs.From(f.GetList("filter"));
        if (filters.Count > 0) q.Set("filters", filters.ToJson());
        var list = GoJson.DecodeStruct(ctx.Client.GetString("/volumes", q), "volume.ListResponse");
        var volumes = (list.Slice("Volumes")?.Items ?? []).OfType<GoStruct>()
            .OrderBy(v => v.Str("Name"), NaturalOrder.Instance).ToList();
        bool quiet = f.GetBool("quiet");
        string format = f.GetString("format");
        if (format.Length == 0) format = "table";
        format = format switch
        {
            "table" => quiet ? "{{.Name}}" : "table {{.Driver}}\t{{.Name}}",
            "raw" => quiet ? "name: {{.Name}}" : "name: {{.Name}}\\ndriver: {{.Driver}}\\n",
            _ => format,
        };
        FormatContext.Write(ctx.Out, format, new HeaderContext(VolumeContext.Header), volumes.Select(v => (object?)new VolumeContext(v)));
        return 0;
    }

    private static int Remove(CommandContext ctx)
    {
        var q = new QueryString();
        if (ctx.Flags.GetBool("force")) q.Set("force", "1");
        var errors = new List<string>();
        foreach (var name in ctx.Args)
        {
            try
            {
                ctx.Client.Delete(ObjectPaths.Volume(name), q);
                ctx.Out.WriteLine(name);
            }
            catch (ApiException e)
            {
                errors.Add(e.Message);
            }
        }
        if (errors.Count > 0) throw new CliException(string.Join("\n", errors));
        return 0;
    }
}
