using Berth.Cli.Client;
using Berth.Cli.Parsing;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>`berth inspect` and the inspect subcommands of container, image, network and volume.</summary>
public static class InspectCommands
{
    public static void Register(Dictionary<string, CommandBinding> d)
    {
        d["inspect"] = new CommandBinding { Handler = Generic, Args = ArgsRule.AtLeast(1) };
        d["container inspect"] = new CommandBinding
        {
            Handler = ctx => InspectRunner.Run(ctx, ctx.Args, ctx.Flags.GetString("format"), r => Container(ctx, r, ctx.Flags.GetBool("size"))),
            Args = ArgsRule.AtLeast(1),
        };
        d["image inspect"] = new CommandBinding
        {
            Handler = ctx => InspectRunner.Run(ctx, ctx.Args, ctx.Flags.GetString("format"), r => Image(ctx, r, ctx.Flags.GetString("platform"))),
            Args = ArgsRule.AtLeast(1),
        };
        d["network inspect"] = new CommandBinding
        {
            Handler = ctx => InspectRunner.Run(ctx, ctx.Args, ctx.Flags.GetString("format"), r => Network(ctx, r, ctx.Flags.GetBool("verbose"))),
            Args = ArgsRule.AtLeast(1),
        };
        d["volume inspect"] = new CommandBinding
        {
            Handler = ctx => InspectRunner.Run(ctx, ctx.Args, ctx.Flags.GetString("format"), r => Volume(ctx, r)),
            Args = ArgsRule.AtLeast(1),
        };
    }

    public static (object?, string) Container(CommandContext ctx, string reference, bool size)
    {
        var q = new QueryString();
        if (size) q.Set("size", "1");
        string raw = ctx.Client.GetString(ObjectPaths.Container(reference) + "/json", q);
        return (GoJson.DecodeStruct(raw, "container.InspectResponse"), raw);
    }

    public static (object?, string) Image(CommandContext ctx, string reference, string platform)
    {
        var q = new QueryString();
        if (platform.Length > 0)
        {
            ctx.Client.RequireVersion("1.49", "platform");
            q.Set("platform", PlatformJson(platform));
        }
        string raw = ctx.Client.GetString(ObjectPaths.Image(reference) + "/json", q);
        return (GoJson.DecodeStruct(raw, "image.InspectResponse"), raw);
    }

    /// <summary>The platform query value the API takes: a JSON OCI platform object.</summary>
    public static string PlatformJson(string platform)
    {
        var parts = platform.Split('/');
        var p = GoSchema.New("v1.Platform");
        p["OS"] = parts[0];
        p["Architecture"] = parts.Length > 1 ? parts[1] : "";
        if (parts.Length > 2) p["Variant"] = parts[2];
        return GoJson.Encode(p);
    }

    public static (object?, string) Network(CommandContext ctx, string reference, bool verbose)
    {
        var q = new QueryString();
        if (verbose) q.Set("verbose", "true");
        string raw = ctx.Client.GetString(ObjectPaths.Network(reference), q);
        return (GoJson.DecodeStruct(raw, "network.Inspect"), raw);
    }

    public static (object?, string) Volume(CommandContext ctx, string reference)
    {
        string raw = ctx.Client.GetString(ObjectPaths.Volume(reference));
        return (GoJson.DecodeStruct(raw, "volume.Volume"), raw);
    }

    private static readonly string[] AllTypes = ["config", "container", "image", "network", "node", "plugin", "secret", "service", "task", "volume"];

    private static int Generic(CommandContext ctx)
    {
        string type = ctx.Flags.GetString("type");
        if (ctx.Flags.Changed("type") && type.Length == 0)
            throw new CliException($"type is empty: must be one of \"{string.Join("\", \"", AllTypes)}\"");
        if (type.Length > 0 && !AllTypes.Contains(type))
            throw new CliException($"unknown type: {Formatting.GoStrings.Quote(type)}: must be one of \"{string.Join("\", \"", AllTypes)}\"");
        bool size = ctx.Flags.GetBool("size");
        var lookups = new List<(string Type, bool SizeSupported, Func<string, (object?, string)> Find)>
        {
            ("container", true, r => Container(ctx, r, size)),
            ("image", false, r => Image(ctx, r, "")),
            ("network", false, r => Network(ctx, r, false)),
            ("volume", false, r => Volume(ctx, r)),
        };
        return InspectRunner.Run(ctx, ctx.Args, ctx.Flags.GetString("format"), reference =>
        {
            foreach (var (t, sizeSupported, find) in lookups)
            {
                if (type.Length > 0 && t != type) continue;
                try
                {
                    var result = find(reference);
                    if (size && !sizeSupported) ctx.Err.WriteLine("WARNING: --size ignored for " + t);
                    return result;
                }
                catch (ApiException e) when (type.Length == 0 && (e.IsNotFound || e.Message.Contains("not supported") || e.Message.Contains("invalid reference format")))
                {
                }
            }
            if (type.Length > 0 && !lookups.Any(l => l.Type == type))
                throw new CliException($"Error: No such object: {reference}");
            throw new CliException($"Error: No such object: {reference}");
        });
    }
}
