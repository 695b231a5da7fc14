using System.Globalization;
using Berth.Cli.Client;
using Berth.Cli.Formatting;
using Berth.Cli.Options;
using Berth.Cli.Parsing;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>container/image/volume/network/system prune, builder prune, and system df.</summary>
public static class PruneCommands
{
    public static void Register(Dictionary<string, CommandBinding> d)
    {
        d["container prune"] = Simple(ctx => ContainerPrune(ctx, FilterArgs.From(ctx.Flags.GetList("filter")), true));
        d["image prune"] = Simple(ctx => ImagePrune(ctx, FilterArgs.From(ctx.Flags.GetList("filter")), ctx.Flags.GetBool("all"), true));
        d["volume prune"] = Simple(ctx => VolumePrune(ctx, FilterArgs.From(ctx.Flags.GetList("filter")), ctx.Flags.GetBool("all"), true));
        d["network prune"] = new CommandBinding { Handler = NetworkPruneCommand, Args = ArgsRule.None };
        d["builder prune"] = Simple(ctx => BuilderPrune(ctx, FilterArgs.From(ctx.Flags.GetList("filter")), ctx.Flags.GetBool("all"), true));
        d["system prune"] = new CommandBinding { Handler = SystemPrune, Args = ArgsRule.None };
        d["system df"] = new CommandBinding { Handler = DiskUsage, Args = ArgsRule.None };
    }

    private static CommandBinding Simple(Func<CommandContext, (ulong Space, string Output)> prune) => new()
    {
        Args = ArgsRule.None,
        Handler = ctx =>
        {
            var (space, output) = prune(ctx);
            if (output.Length > 0) ctx.Out.WriteLine(output);
            ctx.Out.WriteLine("Total reclaimed space: " + Units.HumanSize(space));
            return 0;
        },
    };

    private static void Confirm(CommandContext ctx, string warning, string what)
    {
        if (ctx.Flags.GetBool("force")) return;
        if (!Prompt.Confirm(ctx.Cli, warning)) throw new CliException($"{what} prune has been cancelled");
    }

    private static QueryString FiltersQuery(FilterArgs filters, bool always = false)
    {
        var q = new QueryString();
        if (filters.Count > 0 || always) q.Set("filters", filters.ToJson());
        return q;
    }

    private static (ulong, string) ContainerPrune(CommandContext ctx, FilterArgs filters, bool confirm)
    {
        if (confirm) Confirm(ctx, "WARNING! This will remove all stopped containers.\nAre you sure you want to continue?", "container");
        var report = GoJson.DecodeStruct(ctx.Client.PostJson("/containers/prune", FiltersQuery(filters), null), "container.PruneReport");
        var deleted = report.Strings("ContainersDeleted").ToList();
        if (deleted.Count == 0) return (0, "");
        return ((ulong)report.Int("SpaceReclaimed"), "Deleted Containers:\n" + string.Concat(deleted.Select(d => d + "\n")));
    }

    private static (ulong, string) ImagePrune(CommandContext ctx, FilterArgs filters, bool all, bool confirm)
    {
        filters.Add("dangling", all ? "false" : "true");
        if (confirm)
            Confirm(ctx, all
                ? "WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue?"
                : "WARNING! This will remove all dangling images.\nAre you sure you want to continue?", "image");
        var report = GoJson.DecodeStruct(ctx.Client.PostJson("/images/prune", FiltersQuery(filters), null), "image.PruneReport");
        var deleted = (report.Slice("ImagesDeleted")?.Items ?? []).OfType<GoStruct>().ToList();
        if (deleted.Count == 0) return (0, "");
        var sb = new System.Text.StringBuilder("Deleted Images:\n");
        foreach (var st in deleted)
        {
            if (st.Str("Untagged").Length > 0) sb.Append("untagged: ").Append(st.Str("Untagged")).Append('\n');
            else sb.Append("deleted: ").Append(st.Str("Deleted")).Append('\n');
        }
        return ((ulong)report.Int("SpaceReclaimed"), sb.ToString());
    }

    private static (ulong, string) VolumePrune(CommandContext ctx, FilterArgs filters, bool all, bool confirm)
    {
        string warning = "WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue?";
        if (ctx.Client.VersionAtLeast("1.42"))
        {
            if (all)
            {
                if (filters.Contains("all")) throw new CliException("conflicting options: cannot specify both --all and --filter all=1");
                filters.Add("all", "true");
                warning = "WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue?";
            }
        }
        else warning = "WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue?";
        if (confirm) Confirm(ctx, warning, "volume");
        var report = GoJson.DecodeStruct(ctx.Client.PostJson("/volumes/prune", FiltersQuery(filters), null), "volume.PruneReport");
        var deleted = report.Strings("VolumesDeleted").ToList();
        if (deleted.Count == 0) return (0, "");
        return ((ulong)report.Int("SpaceReclaimed"), "Deleted Volumes:\n" + string.Concat(deleted.Select(d => d + "\n")));
    }

    private static string NetworkPrune(CommandContext ctx, FilterArgs filters, bool confirm)
    {
        if (confirm) Confirm(ctx, "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue?", "network");
        var report = GoJson.DecodeStruct(ctx.Client.PostJson("/networks/prune", FiltersQuery(filters), null), "network.PruneReport");
        var deleted = report.Strings("NetworksDeleted").ToList();
        return deleted.Count == 0 ? "" : "Deleted Networks:\n" + string.Concat(deleted.Select(d => d + "\n"));
    }

    private static int NetworkPruneCommand(CommandContext ctx)
    {
        string output = NetworkPrune(ctx, FilterArgs.From(ctx.Flags.GetList("filter")), true);
        if (output.Length > 0) ctx.Out.WriteLine(output);
        return 0;
    }

    private static (ulong, string) BuilderPrune(CommandContext ctx, FilterArgs filters, bool all, bool confirm)
    {
        if (confirm)
            Confirm(ctx, all ? "WARNING! This will remove all build cache. Are you sure you want to continue?"
                : "WARNING! This will remove all dangling build cache. Are you sure you want to continue?", "builder");
        ctx.Client.RequireVersion("1.31", "build prune");
        var q = FiltersQuery(filters, always: true);
        if (all) q.Set("all", "1");
        if (ctx.Flags.Has("keep-storage") && ctx.Flags.GetBytes("keep-storage") != 0)
            q.Set("keep-storage", ctx.Flags.GetBytes("keep-storage").ToString(CultureInfo.InvariantCulture));
        var report = GoJson.DecodeStruct(ctx.Client.PostJson("/build/prune", q, null), "build.CachePruneReport");
        var deleted = report.Strings("CachesDeleted").ToList();
        string output = deleted.Count == 0 ? "" : "Deleted build cache objects:\n" + string.Concat(deleted.Select(d => d + "\n"));
        return ((ulong)report.Int("SpaceReclaimed"), output);
    }

    private static int SystemPrune(CommandContext ctx)
    {
        var f = ctx.Flags;
        var filters = FilterArgs.From(f.GetList("filter"));
        bool volumes = f.GetBool("volumes"), all = f.GetBool("all");
        if (volumes && filters.Contains("until")) throw new CliException("ERROR: The \"until\" filter is not supported with \"--volumes\"");
        if (!f.GetBool("force"))
        {
            var warnings = new List<string> { "all stopped containers", "all networks not used by at least one container" };
            if (volumes) warnings.Add("all anonymous volumes not used by at least one container");
            warnings.Add(all ? "all images without at least one container associated to them" : "all dangling images");
            warnings.Add(all ? "all build cache" : "unused build cache");
            var sb = new System.Text.StringBuilder("WARNING! This will remove:");
            foreach (var w in warnings) sb.Append("\n  - ").Append(w);
            var shown = new List<string>();
            foreach (var name in new[] { "label", "label!", "until" })
                foreach (var v in filters.Get(name)) shown.Add(name + "=" + v);
            shown.Sort(NaturalOrder.Instance);
            sb.Append('\n');
            if (shown.Count > 0)
            {
                sb.Append("\n  Items to be pruned will be filtered with:");
                foreach (var s in shown) sb.Append("\n  - ").Append(s);
                sb.Append('\n');
            }
            sb.Append("\nAre you sure you want to continue?");
            if (!Prompt.Confirm(ctx.Cli, sb.ToString())) throw new CliException("system prune has been cancelled");
        }
        ulong total = 0;
        void Emit(string output)
        {
            if (output.Length > 0) ctx.Out.WriteLine(output);
        }
        var (s1, o1) = ContainerPrune(ctx, FilterArgs.From(f.GetList("filter")), false);
        total += s1;
        Emit(o1);
        Emit(NetworkPrune(ctx, FilterArgs.From(f.GetList("filter")), false));
        if (volumes)
        {
            var (s2, o2) = VolumePrune(ctx, FilterArgs.From(f.GetList("filter")), all, false);
            total += s2;
            Emit(o2);
        }
        var (s3, o3) = ImagePrune(ctx, FilterArgs.From(f.GetList("filter")), all, false);
        total += s3;
        Emit(o3);
        var (s4, o4) = BuilderPrune(ctx, FilterArgs.From(f.GetList("filter")), all, false);
        total += s4;
        Emit(o4);
        ctx.Out.WriteLine("Total reclaimed space: " + Units.HumanSize(total));
        return 0;
    }

    private static int DiskUsage(CommandContext ctx)
    {
        var du = GoJson.DecodeStruct(ctx.Client.GetString("/system/df"), "types.DiskUsage");
        var images = (du.Slice("Images")?.Items ?? []).OfType<GoStruct>().ToList();
        var containers = (du.Slice("Containers")?.Items ?? []).OfType<GoStruct>().ToList();
        var volumes = (du.Slice("Volumes")?.Items ?? []).OfType<GoStruct>().ToList();
        var cache = (du.Slice("BuildCache")?.Items ?? []).OfType<GoStruct>().ToList();
        long builderSize = cache.Where(c => !c.Bool("Shared")).Sum(c => c.Int("Size"));
        string format = ctx.Flags.GetString("format");
        if (format.Length == 0) format = "table";
        bool verbose = ctx.Flags.GetBool("verbose");
        if (verbose)
        {
            if (format != "table") throw new CliException("--format is not supported with --verbose by berth yet");
            VerboseTable(ctx, images, containers, volumes, cache, builderSize);
            return 0;
        }
        if (format == "table") format = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";
        else if (format == "raw") format = "type: {{.Type}}\ntotal: {{.TotalCount}}\nactive: {{.Active}}\nsize: {{.Size}}\nreclaimable: {{.Reclaimable}}\n";
        var rows = new List<object?>
        {
            DiskUsageRow.Images(du.Int("LayersSize"), images),
            DiskUsageRow.Containers(containers),
            DiskUsageRow.Volumes(volumes),
            DiskUsageRow.BuildCache(builderSize, cache),
        };
        FormatContext.Write(ctx.Out, format, new HeaderContext(DiskUsageRow.Header), rows);
        return 0;
    }

    private static void VerboseTable(CommandContext ctx, List<GoStruct> images, List<GoStruct> containers, List<GoStruct> volumes, List<GoStruct> cache, long builderSize)
    {
        ctx.Out.Write("Images space usage:\n\n");
        var imageRows = images.Select(i =>
        {
            string repo = "<none>", tag = "<none>";
            var tags = i.Strings("RepoTags").ToList();
            if (tags.Count > 0 && !(tags.Count == 1 && tags[0] == "<none>:<none>") && ImageReference.TryParse(tags[0], out var r, out _) && r!.Tag is not null)
            {
                repo = r.FamiliarName;
                tag = r.Tag;
            }
            return (object?)new ImageContext(i, true, repo, tag, "");
        });
        FormatContext.Write(ctx.Out, "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}",
            new HeaderContext(ImageContext.Header), imageRows);
        ctx.Out.Write("\nContainers space usage:\n\n");
        foreach (var c in containers) c["SizeRootFs"] = 0L;
        FormatContext.Write(ctx.Out, "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}",
            new HeaderContext(ContainerContext.Header), containers.Select(c => (object?)new ContainerContext(c, true)));
        ctx.Out.Write("\nLocal Volumes space usage:\n\n");
        FormatContext.Write(ctx.Out, "table {{.Name}}\t{{.Links}}\t{{.Size}}", new HeaderContext(VolumeContext.Header),
            volumes.Select(v => (object?)new VolumeContext(v)));
        ctx.Out.Write($"\nBuild cache usage: {Units.HumanSize(builderSize)}\n\n");
        FormatContext.Write(ctx.Out, "table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}",
            new HeaderContext(BuildCacheContext.Header), cache.Select(c => (object?)new BuildCacheContext(c, true)));
    }
}
