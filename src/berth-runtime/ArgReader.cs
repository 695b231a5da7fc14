namespace Berth.RuntimeCli;

/// <summary>
/// runc-style arguments: long flags with one or two dashes ("--bundle x", "-bundle=x"), short aliases ("-b x"),
/// boolean flags ("-d", "--detach=false"), and positional arguments in between.
/// </summary>
internal sealed class ArgReader
{
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly HashSet<string> _booleans = new(StringComparer.Ordinal);
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public List<string> Positional { get; } = new();

    /// <summary>Declares a flag taking a value; <paramref name="names"/>: the long name first, then aliases.</summary>
    public ArgReader Value(params string[] names) => Declare(false, names);

    public ArgReader Bool(params string[] names) => Declare(true, names);

    private ArgReader Declare(bool boolean, string[] names)
    {
        foreach (var n in names)
        {
            _aliases[n] = names[0];
            _known.Add(n);
        }
        if (boolean) _booleans.Add(names[0]);
        return this;
    }

    /// <summary>Parses; with <paramref name="stopAfterPositional"/> > 0, everything after that many positionals is positional (exec's command).</summary>
    public ArgReader Parse(IReadOnlyList<string> args, int start, int stopAfterPositional = 0)
    {
        for (int i = start; i < args.Count; i++)
        {
            string a = args[i];
            if (stopAfterPositional > 0 && Positional.Count >= stopAfterPositional)
            {
                Positional.Add(a);
                continue;
            }
            if (a == "--")
            {
                for (i++; i < args.Count; i++) Positional.Add(args[i]);
                break;
            }
            if (a.Length > 1 && a[0] == '-' && a != "-")
            {
                string name = a.TrimStart('-');
                string? inline = null;
                int eq = name.IndexOf('=');
                if (eq >= 0)
                {
                    inline = name[(eq + 1)..];
                    name = name[..eq];
                }
                if (!_aliases.TryGetValue(name, out var key)) throw new UsageException($"flag provided but not defined: -{name}");
                if (_booleans.Contains(key))
                {
                    Add(key, inline ?? "true");
                    continue;
                }
                if (inline is null)
                {
                    if (i + 1 >= args.Count) throw new UsageException($"flag needs an argument: -{name}");
                    inline = args[++i];
                }
                Add(key, inline);
                continue;
            }
            Positional.Add(a);
        }
        return this;
    }

    private void Add(string key, string value)
    {
        if (!_values.TryGetValue(key, out var list)) _values[key] = list = new List<string>();
        list.Add(value);
    }

    public string? Get(string name) => _values.TryGetValue(name, out var l) ? l[^1] : null;

    public IReadOnlyList<string> GetAll(string name) => _values.TryGetValue(name, out var l) ? l : [];

    public bool Has(string name) => _values.ContainsKey(name);

    public bool Flag(string name) => Get(name) is { } v && v is not ("false" or "0");

    public int Int(string name, int fallback = 0)
    {
        string? v = Get(name);
        if (v is null) return fallback;
        return int.TryParse(v, out int n) ? n : throw new UsageException($"invalid value \"{v}\" for flag -{name}");
    }

    /// <summary>The single container id a command takes.</summary>
    public string Id(string command)
    {
        if (Positional.Count < 1) throw new UsageException($"\"{command}\" requires a container id");
        return Positional[0];
    }
}

internal sealed class UsageException(string message) : Exception(message);
