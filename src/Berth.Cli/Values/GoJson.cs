using System.Globalization;
using System.Text;
using System.Text.Json;
using Berth.Cli.Formatting;

namespace Berth.Cli.Values;

/// <summary>
/// encoding/json for the schema types: decoding into typed Go values (absent fields keep zero values,
/// names matched exactly then case-insensitively) and encoding with Go's field order, omitempty and escaping.
/// </summary>
public static class GoJson
{
    private static readonly Dictionary<GoType, Dictionary<string, List<GoField>>> FieldIndex = new();

    public static object? Decode(string json, GoType type)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        return Decode(doc.RootElement, type);
    }

    public static GoStruct DecodeStruct(string json, string typeName) =>
        Decode(json, GoSchema.Get(typeName)) as GoStruct ?? GoSchema.New(typeName);

    public static object? Decode(JsonElement e, GoType type)
    {
        switch (type.Kind)
        {
            case GoKind.Pointer:
                if (e.ValueKind == JsonValueKind.Null) return new GoNil(type);
                return Decode(e, type.Elem!);
            case GoKind.Struct:
            {
                var s = new GoStruct(type);
                if (e.ValueKind != JsonValueKind.Object) return s;
                var index = IndexOf(type);
                foreach (var prop in e.EnumerateObject())
                {
                    if (!index.TryGetValue(prop.Name, out var path))
                    {
                        path = null;
                        foreach (var kv in index)
                            if (string.Equals(kv.Key, prop.Name, StringComparison.OrdinalIgnoreCase)) { path = kv.Value; break; }
                        if (path is null) continue;
                    }
                    var target = s;
                    for (int i = 0; i < path.Count - 1; i++)
                    {
                        int idx = target.IndexOf(path[i].Name);
                        if (target.Values[idx] is not GoStruct inner)
                        {
                            var it = path[i].Type.Kind == GoKind.Pointer ? path[i].Type.Elem! : path[i].Type;
                            inner = new GoStruct(it);
                            target.Values[idx] = inner;
                        }
                        target = inner;
                    }
                    var field = path[^1];
                    int fi = target.IndexOf(field.Name);
                    if (prop.Value.ValueKind == JsonValueKind.Null && field.Type.Kind is GoKind.Struct or GoKind.Bool or GoKind.Int or GoKind.Uint or GoKind.Float or GoKind.String or GoKind.Time or GoKind.Duration)
                        continue; // Go leaves non-nullable fields untouched on null
                    target.Values[fi] = Decode(prop.Value, field.Type);
                }
                return s;
            }
            case GoKind.Slice:
                if (e.ValueKind != JsonValueKind.Array) return new GoSlice(type, null);
                {
                    var items = new List<object?>();
                    foreach (var item in e.EnumerateArray()) items.Add(Decode(item, type.Elem!));
                    return new GoSlice(type, items);
                }
            case GoKind.Array:
            {
                var items = new List<object?>();
                if (e.ValueKind == JsonValueKind.Array)
                    foreach (var item in e.EnumerateArray())
                        if (items.Count < type.Length) items.Add(Decode(item, type.Elem!));
                while (items.Count < type.Length) items.Add(GoZero.Of(type.Elem!));
                return new GoSlice(type, items);
            }
            case GoKind.Map:
                if (e.ValueKind != JsonValueKind.Object) return new GoMap(type, null);
                {
                    var d = new SortedDictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var prop in e.EnumerateObject()) d[prop.Name] = Decode(prop.Value, type.Elem!);
                    return new GoMap(type, d);
                }
            case GoKind.Bool:
                return e.ValueKind == JsonValueKind.True;
            case GoKind.Int:
                if (e.ValueKind != JsonValueKind.Number) return 0L;
                return e.TryGetInt64(out long l) ? l : (long)e.GetDouble();
            case GoKind.Uint:
                if (e.ValueKind != JsonValueKind.Number) return 0UL;
                return e.TryGetUInt64(out ulong u) ? u : (ulong)Math.Max(0, e.GetDouble());
            case GoKind.Float:
                return e.ValueKind == JsonValueKind.Number ? e.GetDouble() : 0.0;
            case GoKind.String:
                if (type == GoType.Number) return new GoNumber(e.GetRawText());
                return e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : "";
            case GoKind.Time:
                return e.ValueKind == JsonValueKind.String ? GoTime.Parse(e.GetString() ?? "") : GoTime.Zero;
            case GoKind.Duration:
                return new GoDurationValue(e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long ns) ? ns : 0);
            case GoKind.RawJson:
                return new RawJson(e.GetRawText());
            default:
                return DecodeUntyped(e, useNumber: false);
        }
    }

    /// <summary>Decodes into interface{} values: map[string]interface{}, []interface{}, float64 (or json.Number), string, bool, nil.</summary>
    public static object? DecodeUntyped(JsonElement e, bool useNumber)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
            {
                var d = new SortedDictionary<string, object?>(StringComparer.Ordinal);
                foreach (var prop in e.EnumerateObject()) d[prop.Name] = DecodeUntyped(prop.Value, useNumber);
                return new GoMap(GoType.UntypedMap, d);
            }
            case JsonValueKind.Array:
            {
                var items = new List<object?>();
                foreach (var item in e.EnumerateArray()) items.Add(DecodeUntyped(item, useNumber));
                return new GoSlice(GoType.UntypedSlice, items);
            }
            case JsonValueKind.String: return e.GetString();
            case JsonValueKind.Number: return useNumber ? new GoNumber(e.GetRawText()) : e.GetDouble();
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            default: return null;
        }
    }

    public static object? DecodeUntyped(string json, bool useNumber)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        return DecodeUntyped(doc.RootElement, useNumber);
    }

    private static Dictionary<string, List<GoField>> IndexOf(GoType type)
    {
        lock (FieldIndex)
        {
            if (FieldIndex.TryGetValue(type, out var index)) return index;
            index = new Dictionary<string, List<GoField>>(StringComparer.Ordinal);
            AddFields(type, new List<GoField>(), index, 0);
            FieldIndex[type] = index;
            return index;
        }
    }

    private static void AddFields(GoType type, List<GoField> prefix, Dictionary<string, List<GoField>> index, int depth)
    {
        // direct fields first so that shallower names win, then embedded structs
        foreach (var f in type.Fields)
        {
            if (f.Embedded) continue;
            if (!index.ContainsKey(f.JsonName))
                index[f.JsonName] = new List<GoField>(prefix) { f };
        }
        if (depth > 6) return;
        foreach (var f in type.Fields)
        {
            if (!f.Embedded) continue;
            var inner = f.Type.Kind == GoKind.Pointer ? f.Type.Elem! : f.Type;
            AddFields(inner, new List<GoField>(prefix) { f }, index, depth + 1);
        }
    }

    /// <summary>json.Marshal (escapeHtml true) or the docker "json" template function (escapeHtml false).</summary>
    public static string Encode(object? value, GoType? type = null, bool escapeHtml = true)
    {
        var sb = new StringBuilder();
        Write(sb, value, type, escapeHtml);
        return sb.ToString();
    }

    public static void Write(StringBuilder sb, object? value, GoType? type, bool escapeHtml)
    {
        switch (value)
        {
            case null:
                sb.Append("null");
                return;
            case GoNil:
                sb.Append("null");
                return;
            case string s:
                WriteString(sb, s, escapeHtml);
                return;
            case bool b:
                sb.Append(b ? "true" : "false");
                return;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                return;
            case int i:
                sb.Append(i.ToString(CultureInfo.InvariantCulture));
                return;
            case ulong u:
                sb.Append(u.ToString(CultureInfo.InvariantCulture));
                return;
            case double d:
                sb.Append(GoFloat.JsonNumber(d));
                return;
            case GoNumber n:
                sb.Append(n.Literal.Length == 0 ? "0" : n.Literal);
                return;
            case GoDurationValue dur:
                sb.Append(dur.Nanoseconds.ToString(CultureInfo.InvariantCulture));
                return;
            case GoTime t:
                WriteString(sb, t.Rfc3339Nano, escapeHtml);
                return;
            case RawJson raw:
                sb.Append(CompactJson(raw.Text));
                return;
            case GoSlice slice:
                if (slice.Items is null)
                {
                    sb.Append(slice.Type.Kind == GoKind.Array ? "[]" : "null");
                    return;
                }
                sb.Append('[');
                for (int k = 0; k < slice.Items.Count; k++)
                {
                    if (k > 0) sb.Append(',');
                    Write(sb, slice.Items[k], slice.Type.Elem, escapeHtml);
                }
                sb.Append(']');
                return;
            case GoMap map:
                if (map.Entries is null)
                {
                    sb.Append("null");
                    return;
                }
                sb.Append('{');
                bool first = true;
                foreach (var kv in map.Entries)
                {
                    if (!first) sb.Append(',');
                    first = false;
                    WriteString(sb, kv.Key, escapeHtml);
                    sb.Append(':');
                    Write(sb, kv.Value, map.Type.Elem, escapeHtml);
                }
                sb.Append('}');
                return;
            case GoStruct st:
                sb.Append('{');
                bool firstField = true;
                WriteFields(sb, st, escapeHtml, ref firstField);
                sb.Append('}');
                return;
            case IGoObject obj:
                obj.WriteJson(sb, escapeHtml);
                return;
            default:
                WriteString(sb, value.ToString() ?? "", escapeHtml);
                return;
        }
    }

    private static void WriteFields(StringBuilder sb, GoStruct st, bool escapeHtml, ref bool first)
    {
        var fields = st.Type.Fields;
        for (int i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            var v = st.Values[i];
            if (f.Embedded)
            {
                if (v is GoStruct inner) WriteFields(sb, inner, escapeHtml, ref first);
                continue;
            }
            if (f.JsonName == "-") continue;
            if (f.OmitEmpty && IsEmpty(v)) continue;
            if (!first) sb.Append(',');
            first = false;
            WriteString(sb, f.JsonName, escapeHtml);
            sb.Append(':');
            Write(sb, v, f.Type, escapeHtml);
        }
    }

    /// <summary>encoding/json's isEmptyValue: false, 0, "", nil pointer/interface, empty slice/map.</summary>
    public static bool IsEmpty(object? v) => v switch
    {
        null => true,
        GoNil => true,
        bool b => !b,
        long l => l == 0,
        int i => i == 0,
        ulong u => u == 0,
        double d => d == 0,
        string s => s.Length == 0,
        GoNumber n => n.Literal.Length == 0,
        GoDurationValue dur => dur.Nanoseconds == 0,
        GoSlice s => s.Type.Kind == GoKind.Array ? s.Type.Length == 0 : s.Count == 0,
        GoMap m => m.Count == 0,
        RawJson r => r.Text.Length == 0,
        _ => false,
    };

    public static void WriteString(StringBuilder sb, string s, bool escapeHtml)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '<' or '>' or '&' when escapeHtml:
                    sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                case '\u2028': sb.Append("\\u2028"); break;
                case '\u2029': sb.Append("\\u2029"); break;
                default:
                    if (c < 0x20) sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>json.Compact: drops insignificant whitespace, keeps everything else byte for byte.</summary>
    public static string CompactJson(string json)
    {
        var sb = new StringBuilder(json.Length);
        bool inString = false;
        for (int i = 0; i < json.Length; i++)
        {
            char c = json[i];
            if (inString)
            {
                sb.Append(c);
                if (c == '\\' && i + 1 < json.Length) sb.Append(json[++i]);
                else if (c == '"') inString = false;
                continue;
            }
            if (c is ' ' or '\t' or '\n' or '\r') continue;
            if (c == '"') inString = true;
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>json.Indent(dst, src, "", indent): Go's pretty printing of raw JSON (empty {} and [] stay closed).</summary>
    public static string Indent(string json, string indent = "    ")
    {
        var sb = new StringBuilder(json.Length * 2);
        int depth = 0;
        bool inString = false;
        bool needIndent = false;
        for (int i = 0; i < json.Length; i++)
        {
            char c = json[i];
            if (inString)
            {
                sb.Append(c);
                if (c == '\\' && i + 1 < json.Length) sb.Append(json[++i]);
                else if (c == '"') inString = false;
                continue;
            }
            if (c is ' ' or '\t' or '\n' or '\r') continue;
            if (needIndent && c != ']' && c != '}')
            {
                needIndent = false;
                depth++;
                NewLine(sb, depth, indent);
            }
            switch (c)
            {
                case '"':
                    inString = true;
                    sb.Append(c);
                    break;
                case '{':
                case '[':
                    sb.Append(c);
                    needIndent = true;
                    break;
                case ',':
                    sb.Append(c);
                    NewLine(sb, depth, indent);
                    break;
                case ':':
                    sb.Append(": ");
                    break;
                case '}':
                case ']':
                    if (needIndent)
                    {
                        needIndent = false; // empty object or array
                    }
                    else
                    {
                        depth--;
                        NewLine(sb, depth, indent);
                    }
                    sb.Append(c);
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    private static void NewLine(StringBuilder sb, int depth, string indent)
    {
        sb.Append('\n');
        for (int i = 0; i < depth; i++) sb.Append(indent);
    }
}
