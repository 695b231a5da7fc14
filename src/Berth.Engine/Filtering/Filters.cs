using System.Text.Json;
using Berth.Engine.Errors;

namespace Berth.Engine.Filtering;

/// <summary>
/// Docker's filters argument: a JSON map of filter name to values, in the current form {"label":{"a=b":true}} or the
/// older {"label":["a=b"]}. Values of one name are ORed; different names are ANDed.
/// </summary>
public sealed class Filters
{
    private readonly Dictionary<string, List<string>> _values;

    private Filters(Dictionary<string, List<string>> values) => _values = values;

    public static readonly Filters Empty = new(new());

    public static Filters Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return Empty;
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw EngineException.Invalid("invalid filter: expected a JSON object");
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                var list = new List<string>();
                if (p.Value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var v in p.Value.EnumerateObject())
                        if (v.Value.ValueKind != JsonValueKind.False) list.Add(v.Name);
                }
                else if (p.Value.ValueKind == JsonValueKind.Array)
                {
                    foreach (var v in p.Value.EnumerateArray()) list.Add(v.GetString() ?? "");
                }
                else throw EngineException.Invalid($"invalid filter '{p.Name}': expected an object or an array");
                values[p.Name] = list;
            }
        }
        catch (JsonException e)
        {
            throw EngineException.Invalid("invalid filter: " + e.Message);
        }
        return new Filters(values);
    }

    public bool IsEmpty => _values.Count == 0;
    public IEnumerable<string> Names => _values.Keys;

    public bool Has(string name) => _values.ContainsKey(name);

    public IReadOnlyList<string> Get(string name) => _values.TryGetValue(name, out var v) ? v : [];

    /// <summary>Throws Docker's "invalid filter" error for a name not in <paramref name="accepted"/>.</summary>
    public void Validate(params string[] accepted)
    {
        foreach (var name in _values.Keys)
            if (!accepted.Contains(name)) throw EngineException.Invalid($"invalid filter '{name}'");
    }

    /// <summary>True when the filter is absent or one of its values satisfies <paramref name="test"/>.</summary>
    public bool Any(string name, Func<string, bool> test) => !_values.TryGetValue(name, out var v) || v.Count == 0 || v.Any(test);

    /// <summary>label=key or label=key=value (also label!=...): every given label condition must hold.</summary>
    public bool MatchLabels(string name, IReadOnlyDictionary<string, string>? labels)
    {
        if (!_values.TryGetValue(name, out var conditions)) return true;
        foreach (var cond in conditions)
        {
            bool negate = false;
            string key, value;
            int neq = cond.IndexOf("!=", StringComparison.Ordinal);
            int eq = cond.IndexOf('=');
            if (neq >= 0 && (eq < 0 || neq < eq)) { negate = true; key = cond[..neq]; value = cond[(neq + 2)..]; }
            else if (eq >= 0) { key = cond[..eq]; value = cond[(eq + 1)..]; }
            else { key = cond; value = null!; }
            bool has = labels is not null && labels.TryGetValue(key, out var actual) && (value is null || actual == value);
            if (has == negate) return false;
        }
        return true;
    }

    /// <summary>Accepts "1", "true", "0", "false" as Docker's boolean filters do.</summary>
    public bool? GetBool(string name)
    {
        var v = Get(name);
        if (v.Count == 0) return null;
        return v[^1] switch
        {
            "1" or "true" or "True" or "TRUE" => true,
            "0" or "false" or "False" or "FALSE" => false,
            var x => throw EngineException.Invalid($"invalid filter '{name}={x}'"),
        };
    }
}
