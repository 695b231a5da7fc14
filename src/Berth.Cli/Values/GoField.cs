namespace Berth.Cli.Values;

/// <summary>A field of a Go struct type: Go name, type, JSON name and omitempty, embedded or not.</summary>
public sealed class GoField(string name, GoType type, string jsonName, bool omitEmpty, bool embedded)
{
    public string Name { get; } = name;
    public GoType Type { get; internal set; } = type;
    public string JsonName { get; } = jsonName;
    public bool OmitEmpty { get; } = omitEmpty;
    /// <summary>An anonymous (embedded) field: its fields are promoted and inlined in JSON.</summary>
    public bool Embedded { get; } = embedded;
}
