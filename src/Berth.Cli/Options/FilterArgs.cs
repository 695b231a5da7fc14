using System.Text;
using Berth.Cli.Values;

namespace Berth.Cli.Options;

/// <summary>docker's filters.Args: "key=value" flags sent as {"key":{"value":true}} (keys sorted as Go marshals maps).</summary>
public sealed class FilterArgs
{
    private readonly SortedDictionary<string, SortedSet<string>> _fields = new(StringComparer.Ordinal);

    public static FilterArgs From(IEnumerable<string> flags)
    {
        var f = new FilterArgs();
        foreach (var flag in flags)
        {
            if (flag.Length == 0) continue;
            int eq = flag.IndexOf('=');
            string name = flag[..eq].Trim().ToLowerInvariant();
            string value = flag[(eq + 1)..].Trim();
            f.Add(name, value);
        }
        return f;
    }

    public void Add(string name, string value)
    {
        if (!_fields.TryGetValue(name, out var set)) _fields[name] = set = new SortedSet<string>(StringComparer.Ordinal);
        set.Add(value);
    }

    public int Count => _fields.Count;
    public bool Contains(string name) => _fields.ContainsKey(name);
    public IEnumerable<string> Get(string name) => _fields.TryGetValue(name, out var s) ? s : Enumerable.Empty<string>();

    public string ToJson()
    {
        var sb = new StringBuilder("{");
        bool first = true;
        foreach (var kv in _fields)
        {
            if (!first) sb.Append(',');
            first = false;
            GoJson.WriteString(sb, kv.Key, true);
            sb.Append(":{");
            bool f2 = true;
            foreach (var v in kv.Value)
            {
                if (!f2) sb.Append(',');
                f2 = false;
                GoJson.WriteString(sb, v, true);
                sb.Append(":true");
            }
            sb.Append('}');
        }
        sb.Append('}');
        return sb.ToString();
    }
}
