namespace Berth.Cli.Values;

/// <summary>Zero values of Go types, as a struct decoded from JSON holds for absent fields.</summary>
public static class GoZero
{
    public static object? Of(GoType t) => t.Kind switch
    {
        GoKind.Bool => false,
        GoKind.Int => 0L,
        GoKind.Uint => 0UL,
        GoKind.Float => 0.0,
        GoKind.String => t == GoType.Number ? new GoNumber("") : "",
        GoKind.Slice => new GoSlice(t, null),
        GoKind.Array => new GoSlice(t, Enumerable.Range(0, t.Length).Select(_ => Of(t.Elem!)).ToList()),
        GoKind.Map => new GoMap(t, null),
        GoKind.Struct => new GoStruct(t),
        GoKind.Pointer => new GoNil(t),
        GoKind.Time => GoTime.Zero,
        GoKind.Duration => new GoDurationValue(0),
        GoKind.RawJson => new GoNil(t),
        _ => null,
    };
}
