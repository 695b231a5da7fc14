using System.Globalization;
using Berth.Cli.Formatting;
using Berth.Cli.Options;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>A row of `berth ps` (docker's formatter.ContainerContext) over a container.Summary.</summary>
public sealed class ContainerContext(GoStruct? c, bool trunc) : ContextObject
{
    /// <summary>Set when the template read .Size, so that ps asks the daemon for sizes.</summary>
    public bool SizeUsed { get; private set; }

    public override string GoTypeName => "*formatter.ContainerContext";

    public static readonly IReadOnlyDictionary<string, string> Header = new Dictionary<string, string>
    {
        ["ID"] = "CONTAINER ID", ["Names"] = "NAMES", ["Image"] = "IMAGE", ["Command"] = "COMMAND", ["CreatedAt"] = "CREATED AT",
        ["RunningFor"] = "CREATED", ["Ports"] = "PORTS", ["State"] = "STATE", ["Status"] = "STATUS", ["Size"] = "SIZE",
        ["Labels"] = "LABELS", ["Mounts"] = "MOUNTS", ["LocalVolumes"] = "LOCAL VOLUMES", ["Networks"] = "NETWORKS", ["Platform"] = "PLATFORM",
    };

    private GoStruct C => c ?? GoSchema.New("container.Summary");

    protected override void Define(MemberTable m)
    {
        m.Add("ID", () => trunc ? Display.TruncateId(C.Str("ID")) : C.Str("ID"));
        m.Add("Names", Names);
        m.Add("Image", Image);
        m.Add("Command", () => GoStrings.Quote(trunc ? Display.Ellipsis(C.Str("Command"), 20) : C.Str("Command")));
        m.Add("CreatedAt", () => GoTimeFormat.UnixString(C.Int("Created")));
        m.Add("RunningFor", () => HumanTime.Ago(C.Int("Created")));
        m.Add("Platform", Platform);
        m.Add("Ports", () => PortDisplay.Format(C.Slice("Ports")?.Items?.OfType<GoStruct>() ?? []));
        m.Add("State", () => C.Str("State"));
        m.Add("Status", () => C.Str("Status"));
        m.Add("Size", Size);
        m.Add("Labels", Labels);
        m.Add("Label", 1, a => C.Map("Labels")?.Get(a[0] as string ?? "") as string ?? "");
        m.Add("Mounts", Mounts);
        m.Add("LocalVolumes", () => (C.Slice("Mounts")?.Items?.OfType<GoStruct>().Count(x => x.Str("Driver") == "local") ?? 0).ToString(CultureInfo.InvariantCulture));
        m.Add("Networks", Networks);
    }

    private string Names()
    {
        var names = C.Strings("Names").Select(n => n.Length > 0 ? n[1..] : n).ToList();
        if (trunc)
        {
            foreach (var name in names)
            {
                if (!name.Contains('/'))
                {
                    names = [name];
                    break;
                }
            }
        }
        return string.Join(",", names);
    }

    private string Image()
    {
        string image = C.Str("Image");
        if (image.Length == 0) return "<no image>";
        if (trunc)
        {
            string t = Display.TruncateId(C.Str("ImageID"));
            if (t == Display.TruncateId(image)) return t;
            if (ImageReference.TryParse(image, out var r, out _))
                return r!.Tag is not null ? r.NameOnly().WithTag(r.Tag).FamiliarString : r.NameOnly().FamiliarString;
        }
        return image;
    }

    private object? Platform()
    {
        if (C["ImageManifestDescriptor"] is GoStruct d && d["Platform"] is GoStruct p)
            return new PlatformValue(p);
        return new GoNil(GoType.PointerTo(GoType.NewStruct("formatter.Platform")));
    }

    private string Size()
    {
        SizeUsed = true;
        string srw = Units.HumanSizeWithPrecision(C.Int("SizeRw"), 3);
        string sv = Units.HumanSizeWithPrecision(C.Int("SizeRootFs"), 3);
        return C.Int("SizeRootFs") > 0 ? $"{srw} (virtual {sv})" : srw;
    }

    private string Labels()
    {
        var labels = C.Map("Labels");
        if (labels?.Entries is null) return "";
        return string.Join(",", labels.Entries.Select(kv => kv.Key + "=" + kv.Value).OrderBy(s => s, StringComparer.Ordinal));
    }

    private string Mounts()
    {
        var list = new List<string>();
        foreach (var mp in C.Slice("Mounts")?.Items?.OfType<GoStruct>() ?? [])
        {
            string name = mp.Str("Name").Length == 0 ? mp.Str("Source") : mp.Str("Name");
            if (trunc) name = Display.Ellipsis(name, 15);
            list.Add(name);
        }
        return string.Join(",", list);
    }

    private string Networks()
    {
        if (C["NetworkSettings"] is not GoStruct ns) return "";
        return string.Join(",", ns.Map("Networks")?.Entries?.Keys ?? (IEnumerable<string>)[]);
    }
}
