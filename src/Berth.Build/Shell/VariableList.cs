namespace Berth.Build.Shell;

/// <summary>
/// Variables from <c>KEY=value</c> strings; when a key repeats, the first one counts (the builder puts the stage's
/// ENV before the build arguments, so ENV wins, as the Dockerfile reference says).
/// </summary>
public sealed class VariableList : IVariables
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static readonly VariableList Empty = new([]);

    public VariableList(IEnumerable<string> entries)
    {
        foreach (var e in entries)
        {
            int eq = e.IndexOf('=');
            string key = eq < 0 ? e : e[..eq];
            _values.TryAdd(key, eq < 0 ? "" : e[(eq + 1)..]);
        }
    }

    public bool TryGet(string name, out string value) => _values.TryGetValue(name, out value!);
}
