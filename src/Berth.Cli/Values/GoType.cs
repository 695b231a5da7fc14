namespace Berth.Cli.Values;

/// <summary>A Go type as far as the CLI needs it: kind, element type, struct fields and the name Go prints.</summary>
public sealed class GoType
{
    private GoType(GoKind kind, string name, GoType? elem = null, int length = 0)
    {
        Kind = kind;
        Name = name;
        Elem = elem;
        Length = length;
    }

    public GoKind Kind { get; }
    /// <summary>The name as Go's %T and template errors print it: "container.State", "[]string", "*int64".</summary>
    public string Name { get; }
    /// <summary>Element type of a slice, array, map or pointer.</summary>
    public GoType? Elem { get; }
    public int Length { get; }
    public List<GoField> Fields { get; } = new();

    public static readonly GoType Bool = new(GoKind.Bool, "bool");
    public static readonly GoType Int = new(GoKind.Int, "int");
    public static readonly GoType Int64 = new(GoKind.Int, "int64");
    public static readonly GoType Uint = new(GoKind.Uint, "uint");
    public static readonly GoType Uint16 = new(GoKind.Uint, "uint16");
    public static readonly GoType Uint32 = new(GoKind.Uint, "uint32");
    public static readonly GoType Uint64 = new(GoKind.Uint, "uint64");
    public static readonly GoType Float64 = new(GoKind.Float, "float64");
    public static readonly GoType String = new(GoKind.String, "string");
    public static readonly GoType Interface = new(GoKind.Interface, "interface {}");
    public static readonly GoType Time = new(GoKind.Time, "time.Time");
    public static readonly GoType Duration = new(GoKind.Duration, "time.Duration");
    public static readonly GoType RawJson = new(GoKind.RawJson, "json.RawMessage");
    /// <summary>json.Number: a string holding a JSON number literal (decoder UseNumber).</summary>
    public static readonly GoType Number = new(GoKind.String, "json.Number");
    public static readonly GoType StringSlice = SliceOf(String);
    public static readonly GoType StringMap = MapOf(String);
    public static readonly GoType UntypedMap = MapOf(Interface);
    public static readonly GoType UntypedSlice = SliceOf(Interface);

    public static GoType SliceOf(GoType elem) => new(GoKind.Slice, "[]" + elem.Name, elem);
    public static GoType ArrayOf(GoType elem, int length) => new(GoKind.Array, $"[{length}]{elem.Name}", elem, length);
    public static GoType MapOf(GoType elem) => new(GoKind.Map, "map[string]" + elem.Name, elem);
    public static GoType PointerTo(GoType elem) => new(GoKind.Pointer, "*" + elem.Name, elem);
    public static GoType NewStruct(string name) => new(GoKind.Struct, name);
    public static GoType Named(GoKind kind, string name) => new(kind, name);

    /// <summary>Finds a field by Go name, searching promoted fields of embedded structs (breadth first, like Go).</summary>
    public bool TryFindField(string name, out List<GoField> path)
    {
        path = new List<GoField>();
        return Find(this, name, path, 0);
    }

    private static bool Find(GoType t, string name, List<GoField> path, int depth)
    {
        if (depth > 8) return false;
        foreach (var f in t.Fields)
        {
            if (f.Name == name)
            {
                path.Add(f);
                return true;
            }
        }
        foreach (var f in t.Fields)
        {
            if (!f.Embedded) continue;
            var inner = f.Type.Kind == GoKind.Pointer ? f.Type.Elem! : f.Type;
            var sub = new List<GoField> { f };
            if (Find(inner, name, sub, depth + 1))
            {
                path.AddRange(sub);
                return true;
            }
        }
        return false;
    }

    public override string ToString() => Name;
}
