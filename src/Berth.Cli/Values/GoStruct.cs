namespace Berth.Cli.Values;

/// <summary>A value of a Go struct type: one slot per field, in declaration order.</summary>
public sealed class GoStruct
{
    public GoStruct(GoType type)
    {
        Type = type;
        Values = new object?[type.Fields.Count];
        for (int i = 0; i < Values.Length; i++)
            Values[i] = GoZero.Of(type.Fields[i].Type);
    }

    public GoType Type { get; }
    public object?[] Values { get; }

    public int IndexOf(string name)
    {
        var fields = Type.Fields;
        for (int i = 0; i < fields.Count; i++)
            if (fields[i].Name == name) return i;
        return -1;
    }

    /// <summary>Gets a field by Go name, following promoted fields of embedded structs.</summary>
    public object? this[string name]
    {
        get
        {
            if (!Type.TryFindField(name, out var path))
                throw new KeyNotFoundException($"no field {name} in {Type.Name}");
            object? current = this;
            foreach (var f in path)
            {
                if (current is not GoStruct s) return null;
                current = s.Values[s.IndexOf(f.Name)];
            }
            return current;
        }
        set
        {
            if (!Type.TryFindField(name, out var path))
                throw new KeyNotFoundException($"no field {name} in {Type.Name}");
            GoStruct s = this;
            for (int i = 0; i < path.Count - 1; i++)
            {
                int idx = s.IndexOf(path[i].Name);
                if (s.Values[idx] is not GoStruct inner)
                {
                    var innerType = path[i].Type.Kind == GoKind.Pointer ? path[i].Type.Elem! : path[i].Type;
                    inner = new GoStruct(innerType);
                    s.Values[idx] = inner;
                }
                s = inner;
            }
            s.Values[s.IndexOf(path[^1].Name)] = value;
        }
    }

    public string Str(string name) => this[name] as string ?? "";
    public long Int(string name) => this[name] switch { long l => l, ulong u => (long)u, double d => (long)d, _ => 0 };
    public bool Bool(string name) => this[name] is true;
    public GoStruct? Struct(string name) => this[name] as GoStruct;
    public GoSlice? Slice(string name) => this[name] as GoSlice;
    public GoMap? Map(string name) => this[name] as GoMap;

    public IEnumerable<string> Strings(string name)
    {
        if (this[name] is GoSlice { Items: { } items })
            foreach (var item in items)
                yield return item as string ?? "";
    }
}
