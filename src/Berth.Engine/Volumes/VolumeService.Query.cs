using System.Globalization;
using System.Text.RegularExpressions;
using Berth.Engine.Errors;
using Berth.Engine.Filtering;
using Berth.Engine.Model;
using Berth.Engine.SystemData;

namespace Berth.Engine.Volumes;

public sealed partial class VolumeService
{
    /// <summary>The label Docker (API ≥ 1.42) puts on anonymous volumes; volume prune without all=true removes only those.</summary>
    public const string AnonymousLabel = "com.docker.volume.anonymous";

    private bool _pruning;

    /// <summary>Ids of the containers (running or not) that mount the volume.</summary>
    public List<string> UsedBy(string name) =>
        _engine.Containers.All.Where(c => c.Record.Mounts.Any(m => m.Type == "volume" && m.Source == name)).Select(c => c.Id).ToList();

    /// <summary>The labels filters and inspect see: the record's, plus Docker's marker on anonymous volumes.</summary>
    public static Dictionary<string, string> EffectiveLabels(VolumeRecord v)
    {
        if (!v.Anonymous || v.Labels.ContainsKey(AnonymousLabel)) return v.Labels;
        return new Dictionary<string, string>(v.Labels) { [AnonymousLabel] = "" };
    }

    /// <summary>GET /volumes: filters dangling, driver, label, name (a regular expression, as Docker's).</summary>
    public VolumeListResponse ListApi(Filters f)
    {
        f.Validate("dangling", "driver", "label", "name");
        bool? dangling = f.Has("dangling") ? ParseBoolFilter(f, "dangling") : null;
        var list = new List<Volume>();
        foreach (var v in List())
        {
            if (!Matches(f, v)) continue;
            if (dangling is not null && (UsedBy(v.Name).Count == 0) != dangling) continue;
            list.Add(ToApi(v));
        }
        return new VolumeListResponse { Volumes = list, Warnings = [] };
    }

    private static bool Matches(Filters f, VolumeRecord v)
    {
        if (!f.Any("driver", d => d == v.Driver)) return false;
        if (!f.Any("name", n => NameMatches(v.Name, n))) return false;
        return f.MatchLabels("label", EffectiveLabels(v));
    }

    private static bool NameMatches(string name, string pattern)
    {
        if (name == pattern) return true;
        try { return Regex.IsMatch(name, pattern); }
        catch (ArgumentException) { return false; }
    }

    private static bool ParseBoolFilter(Filters f, string name)
    {
        var values = f.Get(name);
        if (values.Count == 0) return false;
        return values[^1].ToLowerInvariant() switch
        {
            "1" or "true" => true,
            "0" or "false" => false,
            var x => throw EngineException.Invalid($"invalid filter '{name}={x}'"),
        };
    }

    /// <summary>GET /volumes/{name}.</summary>
    public Volume InspectApi(string name) => ToApi(Get(name));

    /// <summary>POST /volumes/create (201 with the volume; an existing name returns it unchanged).</summary>
    public Volume CreateApi(VolumeCreateOptions? options)
    {
        options ??= new VolumeCreateOptions();
        var v = Create(options.Name, options.Driver, options.DriverOpts, options.Labels);
        return ToApi(v);
    }

    /// <summary>DELETE /volumes/{name}: refused while a container (even a stopped one) uses it; force only hides "no such volume".</summary>
    public void RemoveApi(string name, bool force) => Remove(name, force, UsedBy(name));

    /// <summary>
    /// POST /volumes/prune: unused local volumes without driver options; only anonymous ones unless the filter all=true
    /// (API ≥ 1.42; older clients prune every unused volume). Filters: label, label!=, all.
    /// </summary>
    public VolumePruneReport Prune(Filters f, bool onlyAnonymousByDefault)
    {
        f.Validate("label", "label!", "all");
        var allValues = f.Get("all");
        if (allValues.Count > 1) throw EngineException.Invalid($"invalid filter 'all={string.Join(",", allValues)}': only one value is expected");
        bool all = !onlyAnonymousByDefault || (allValues.Count == 1 && ParseBoolFilter(f, "all"));
        lock (_lock)
        {
            if (_pruning) throw EngineException.Conflict("a prune operation is already running");
            _pruning = true;
        }
        try
        {
            var report = new VolumePruneReport();
            foreach (var v in List())
            {
                if (v.Driver != "local" || v.Options.Count > 0) continue;
                if (!all && !v.Anonymous && !v.Labels.ContainsKey(AnonymousLabel)) continue;
                if (!f.MatchLabels("label", EffectiveLabels(v)) || HasNegatedLabel(f, EffectiveLabels(v))) continue;
                if (UsedBy(v.Name).Count > 0) continue;
                long size = DirectorySize.Of(DataPath(v.Name));
                try { Remove(v.Name, force: false, []); }
                catch (EngineException) { continue; }
                report.VolumesDeleted.Add(v.Name);
                if (size > 0) report.SpaceReclaimed += size;
            }
            _engine.Events.Publish("volume", "prune", "", new Dictionary<string, string>
            {
                ["reclaimed"] = report.SpaceReclaimed.ToString(CultureInfo.InvariantCulture),
            });
            return report;
        }
        finally
        {
            lock (_lock) _pruning = false;
        }
    }

    /// <summary>Prune's label!=key[=value] (the filter named "label!"): true when the volume has such a label.</summary>
    private static bool HasNegatedLabel(Filters f, Dictionary<string, string> labels) => f.Get("label!").Any(cond =>
    {
        int eq = cond.IndexOf('=');
        string key = eq < 0 ? cond : cond[..eq];
        return labels.TryGetValue(key, out var actual) && (eq < 0 || actual == cond[(eq + 1)..]);
    });

    /// <summary>Volumes with their size and reference count, for system df.</summary>
    public List<Volume> Usage()
    {
        var refs = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in _engine.Containers.All)
            foreach (var m in c.Record.Mounts)
                if (m.Type == "volume") refs[m.Source] = refs.GetValueOrDefault(m.Source) + 1;
        return List().Select(v => ToApi(v, DirectorySize.Of(DataPath(v.Name)), refs.GetValueOrDefault(v.Name))).ToList();
    }
}

/// <summary>The answer of POST /volumes/prune.</summary>
public sealed class VolumePruneReport
{
    public List<string> VolumesDeleted { get; set; } = new();
    public long SpaceReclaimed { get; set; }
}
