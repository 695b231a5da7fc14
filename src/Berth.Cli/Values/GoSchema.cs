namespace Berth.Cli.Values;

/// <summary>
/// The Go types of the Engine API as the docker CLI 28 declares them, read from a compact text form:
/// "struct pkg.Name" opens a type; each following line is "Field Type [json-tag]" or "embed [*]pkg.Type".
/// They decide field order, omitempty and zero values for request bodies, {{json}} and template output.
/// </summary>
public static class GoSchema
{
    private static Dictionary<string, GoType>? _types;
    private static readonly object Gate = new();

    public static GoType Get(string name)
    {
        var types = Load();
        return types.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException("unknown Go type " + name);
    }

    public static GoStruct New(string name) => new(Get(name));

    private static Dictionary<string, GoType> Load()
    {
        if (_types is not null) return _types;
        lock (Gate)
        {
            if (_types is not null) return _types;
            var types = new Dictionary<string, GoType>(StringComparer.Ordinal);
            var texts = new[] { ContainerSchemas.Text, ImageSchemas.Text, NetworkSchemas.Text, SystemSchemas.Text };
            // pass 1: declare every struct so fields can refer to types declared later
            foreach (var text in texts)
                foreach (var raw in text.Split('\n'))
                {
                    var line = raw.Trim();
                    if (line.StartsWith("struct ", StringComparison.Ordinal))
                    {
                        string name = line[7..].Trim();
                        types[name] = GoType.NewStruct(name);
                    }
                }
            // pass 2: fields
            foreach (var text in texts)
            {
                GoType? current = null;
                foreach (var raw in text.Split('\n'))
                {
                    var line = raw.Trim();
                    if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal)) continue;
                    if (line.StartsWith("struct ", StringComparison.Ordinal))
                    {
                        current = types[line[7..].Trim()];
                        continue;
                    }
                    if (current is null) throw new FormatException("field outside struct: " + line);
                    var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (parts[0] == "embed")
                    {
                        var et = ParseType(parts[1], types);
                        var inner = et.Kind == GoKind.Pointer ? et.Elem! : et;
                        string fname = inner.Name[(inner.Name.LastIndexOf('.') + 1)..];
                        current.Fields.Add(new GoField(fname, et, fname, false, embedded: true));
                        continue;
                    }
                    string fieldName = parts[0];
                    var type = ParseType(parts[1], types);
                    string jsonName = fieldName;
                    bool omit = false;
                    if (parts.Length > 2)
                    {
                        var tag = parts[2];
                        int comma = tag.IndexOf(',');
                        string n = comma < 0 ? tag : tag[..comma];
                        if (n.Length > 0) jsonName = n;
                        omit = comma >= 0 && tag[(comma + 1)..].Contains("omitempty", StringComparison.Ordinal);
                    }
                    current.Fields.Add(new GoField(fieldName, type, jsonName, omit, embedded: false));
                }
            }
            _types = types;
            return types;
        }
    }

    private static GoType ParseType(string s, Dictionary<string, GoType> types)
    {
        if (s.StartsWith('*')) return GoType.PointerTo(ParseType(s[1..], types));
        if (s.StartsWith("[]", StringComparison.Ordinal)) return GoType.SliceOf(ParseType(s[2..], types));
        if (s.StartsWith('['))
        {
            int close = s.IndexOf(']');
            return GoType.ArrayOf(ParseType(s[(close + 1)..], types), int.Parse(s[1..close], System.Globalization.CultureInfo.InvariantCulture));
        }
        if (s.StartsWith("map[string]", StringComparison.Ordinal)) return GoType.MapOf(ParseType(s[11..], types));
        return s switch
        {
            "string" => GoType.String,
            "bool" => GoType.Bool,
            "int" => GoType.Int,
            "int64" => GoType.Int64,
            "uint" => GoType.Uint,
            "uint16" => GoType.Uint16,
            "uint32" => GoType.Uint32,
            "uint64" => GoType.Uint64,
            "float64" => GoType.Float64,
            "any" => GoType.Interface,
            "time.Time" => GoType.Time,
            "time.Duration" => GoType.Duration,
            "raw" => GoType.RawJson,
            "struct{}" => EmptyStruct,
            _ => types.TryGetValue(s, out var t) ? t : throw new FormatException("unknown type " + s),
        };
    }

    private static readonly GoType EmptyStruct = GoType.NewStruct("struct {}");
}
