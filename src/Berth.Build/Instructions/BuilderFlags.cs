namespace Berth.Build.Instructions;

/// <summary>
/// The <c>--name[=value]</c> flags in front of an instruction's arguments. Each instruction declares the flags it
/// knows; an undeclared one is an error naming it. String flags need a value, bool flags take none or true/false,
/// list flags may repeat.
/// </summary>
internal sealed class BuilderFlags
{
    private enum Kind { String, Bool, List }

    private readonly IReadOnlyList<string> _args;
    private readonly Dictionary<string, Kind> _declared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _bools = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _lists = new(StringComparer.Ordinal);
    public List<string> Used { get; } = new();

    public BuilderFlags(IReadOnlyList<string> args) => _args = args;

    public BuilderFlags String(string name) { _declared[name] = Kind.String; return this; }
    public BuilderFlags Bool(string name) { _declared[name] = Kind.Bool; return this; }
    public BuilderFlags List(string name) { _declared[name] = Kind.List; return this; }

    public string? GetString(string name) => _strings.GetValueOrDefault(name);
    public bool GetBool(string name) => _bools.GetValueOrDefault(name);
    public bool IsSet(string name) => Used.Contains(name);
    public IReadOnlyList<string> GetList(string name) => _lists.TryGetValue(name, out var l) ? l : [];

    public void Parse()
    {
        foreach (string raw in _args)
        {
            if (!raw.StartsWith("--", StringComparison.Ordinal))
                throw BuildException.Invalid($"arguments must begin with '--': {raw}");
            string arg = raw[2..];
            int eq = arg.IndexOf('=');
            string name = eq < 0 ? arg : arg[..eq];
            string? value = eq < 0 ? null : arg[(eq + 1)..];
            if (!_declared.TryGetValue(name, out var kind)) throw BuildException.Invalid($"unknown flag: {name}");
            if (kind != Kind.List && Used.Contains(name)) throw BuildException.Invalid($"duplicate flag specified: {name}");
            if (!Used.Contains(name)) Used.Add(name);
            switch (kind)
            {
                case Kind.Bool:
                    if (value is null || value.Equals("true", StringComparison.OrdinalIgnoreCase)) _bools[name] = true;
                    else if (value.Equals("false", StringComparison.OrdinalIgnoreCase)) _bools[name] = false;
                    else throw BuildException.Invalid($"expecting boolean value for flag {name}, not: {value}");
                    break;
                case Kind.String:
                    if (value is null) throw BuildException.Invalid($"missing a value on flag: {name}");
                    _strings[name] = value;
                    break;
                case Kind.List:
                    if (value is null) throw BuildException.Invalid($"missing a value on flag: {name}");
                    if (!_lists.TryGetValue(name, out var list)) _lists[name] = list = new();
                    list.Add(value);
                    break;
            }
        }
    }
}
