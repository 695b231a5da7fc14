using System.Globalization;
using Berth.Cli.Options;
using Berth.Cli.Formatting;

namespace Berth.Cli.Parsing;

/// <summary>The parsed flags of one command: scalar values, repeated values, and which flags were given.</summary>
public sealed class FlagValues
{
    private readonly Dictionary<string, string> _scalars = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _lists = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FlagSpec> _specs = new(StringComparer.Ordinal);

    public FlagValues(IEnumerable<FlagSpec> specs)
    {
        foreach (var spec in specs)
            _specs[spec.Name] = spec;
    }

    private string Canonical(string name) =>
        _specs.TryGetValue(name, out var spec) && spec.SameAs is { } other ? other : name;

    internal void SetScalar(FlagSpec spec, string value)
    {
        string name = spec.SameAs ?? spec.Name;
        _scalars[name] = value;
        _changed.Add(name);
        _changed.Add(spec.Name);
    }

    internal void Append(FlagSpec spec, string value)
    {
        string name = spec.SameAs ?? spec.Name;
        if (!_lists.TryGetValue(name, out var list))
            _lists[name] = list = new List<string>();
        list.Add(value);
        _changed.Add(name);
        _changed.Add(spec.Name);
    }

    /// <summary>True when the flag was given on the command line (pflag's Changed).</summary>
    public bool Changed(string name) => _changed.Contains(name) || _changed.Contains(Canonical(name));

    public bool Has(string name) => _specs.ContainsKey(name);

    public string GetString(string name)
    {
        name = Canonical(name);
        if (_scalars.TryGetValue(name, out var v)) return v;
        return _specs.TryGetValue(name, out var spec) ? spec.InitialScalar : "";
    }

    public bool GetBool(string name) => GoParse.ParseBool(GetString(name)) ?? false;

    public long GetInt(string name) => GoParse.ParseInt(GetString(name), 64) ?? 0;

    public ulong GetUint(string name) => GoParse.ParseUint(GetString(name), 64) ?? 0;

    public double GetFloat(string name) =>
        double.TryParse(GetString(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0;

    /// <summary>A duration flag in Go nanoseconds.</summary>
    public long GetDuration(string name) => GoDuration.TryParse(GetString(name), out long ns) ? ns : 0;

    /// <summary>A MemBytes flag in bytes (0 when unset).</summary>
    public long GetBytes(string name)
    {
        string s = GetString(name);
        if (s is "" or "0") return 0;
        if (s == "-1") return -1;
        return Units.RamInBytes(s);
    }

    /// <summary>A decimal CPU count as nano CPUs.</summary>
    public long GetNanoCpus(string name)
    {
        string s = GetString(name);
        return s is "" or "0" ? 0 : CpuValue.ParseNanoCpus(s);
    }

    public IReadOnlyList<string> GetList(string name) =>
        _lists.TryGetValue(Canonical(name), out var list) ? list : Array.Empty<string>();
}
