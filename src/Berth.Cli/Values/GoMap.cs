namespace Berth.Cli.Values;

/// <summary>A Go map with string keys, kept sorted as Go prints and marshals them; Entries null is the nil map.</summary>
public sealed class GoMap(GoType type, SortedDictionary<string, object?>? entries)
{
    public GoType Type { get; } = type;
    public SortedDictionary<string, object?>? Entries { get; set; } = entries;
    public int Count => Entries?.Count ?? 0;

    public static GoMap Of(IEnumerable<KeyValuePair<string, string>>? pairs)
    {
        if (pairs is null) return new GoMap(GoType.StringMap, null);
        var d = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var kv in pairs) d[kv.Key] = kv.Value;
        return new GoMap(GoType.StringMap, d);
    }

    public static GoMap EmptyOf(GoType elem) => new(GoType.MapOf(elem), new SortedDictionary<string, object?>(StringComparer.Ordinal));

    public void Set(string key, object? value)
    {
        Entries ??= new SortedDictionary<string, object?>(StringComparer.Ordinal);
        Entries[key] = value;
    }

    public object? Get(string key) => Entries is not null && Entries.TryGetValue(key, out var v) ? v : null;
}
