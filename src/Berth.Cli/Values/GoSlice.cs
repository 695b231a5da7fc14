namespace Berth.Cli.Values;

/// <summary>A Go slice or array; Items null is the nil slice (prints "[]", marshals "null").</summary>
public sealed class GoSlice(GoType type, List<object?>? items)
{
    public GoType Type { get; } = type;
    public List<object?>? Items { get; set; } = items;
    public int Count => Items?.Count ?? 0;

    public static GoSlice Of(IEnumerable<string>? values) =>
        new(GoType.StringSlice, values is null ? null : values.Cast<object?>().ToList());

    public static GoSlice Empty(GoType elem) => new(GoType.SliceOf(elem), new List<object?>());
}
