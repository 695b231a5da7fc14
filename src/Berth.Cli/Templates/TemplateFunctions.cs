using System.Globalization;
using System.Text;
using Berth.Cli.Formatting;
using Berth.Cli.Values;

namespace Berth.Cli.Templates;

/// <summary>text/template's builtin functions and the docker CLI's template functions (templates.basicFunctions).</summary>
public static class TemplateFunctions
{
    private static Dictionary<string, TemplateFunction>? _docker;
    private static Dictionary<string, TemplateFunction>? _header;

    private static TemplateFunction F(string name, ParamType[] p, bool variadic, Func<object?[], object?> body) =>
        new(name, p, variadic, body);

    private static readonly ParamType[] AnyVariadic = [ParamType.Any];

    /// <summary>Builtins plus docker's json, split, join, title, lower, upper, pad, truncate.</summary>
    public static IReadOnlyDictionary<string, TemplateFunction> Docker => _docker ??= BuildDocker();

    /// <summary>docker's HeaderFunctions: the same names returning their first argument, used to render table headers.</summary>
    public static IReadOnlyDictionary<string, TemplateFunction> Header => _header ??= BuildHeader();

    private static Dictionary<string, TemplateFunction> Builtins()
    {
        var d = new Dictionary<string, TemplateFunction>(StringComparer.Ordinal);
        void Add(TemplateFunction f) => d[f.Name] = f;
        Add(F("not", [ParamType.Any], false, a => !TemplateExecutor.IsTrue(a[0]).Truth));
        Add(F("len", [ParamType.Any], false, a => Length(a[0])));
        Add(F("index", [ParamType.Any, ParamType.Any], true, a => Index(a[0], a.AsSpan(1).ToArray())));
        Add(F("slice", [ParamType.Any, ParamType.Any], true, a => Slice(a[0], a.AsSpan(1).ToArray())));
        Add(F("print", AnyVariadic, true, a => GoPrinter.Sprint(a)));
        Add(F("println", AnyVariadic, true, a => GoPrinter.Sprintln(a)));
        Add(F("printf", [ParamType.String, ParamType.Any], true, a => GoPrinter.Sprintf((string)a[0]!, a.AsSpan(1).ToArray())));
        Add(F("eq", [ParamType.Any, ParamType.Any], true, a => Compare.Eq(a[0], a.AsSpan(1).ToArray())));
        Add(F("ne", [ParamType.Any, ParamType.Any], false, a => !Compare.Eq(a[0], [a[1]])));
        Add(F("lt", [ParamType.Any, ParamType.Any], false, a => Compare.Lt(a[0], a[1])));
        Add(F("le", [ParamType.Any, ParamType.Any], false, a => Compare.Lt(a[0], a[1]) || Compare.Eq(a[0], [a[1]])));
        Add(F("gt", [ParamType.Any, ParamType.Any], false, a => !(Compare.Lt(a[0], a[1]) || Compare.Eq(a[0], [a[1]]))));
        Add(F("ge", [ParamType.Any, ParamType.Any], false, a => !Compare.Lt(a[0], a[1])));
        Add(F("html", AnyVariadic, true, a => HtmlEscape(EvalArgs(a))));
        Add(F("js", AnyVariadic, true, a => JsEscape(EvalArgs(a))));
        Add(F("urlquery", AnyVariadic, true, a => Uri.EscapeDataString(EvalArgs(a)).Replace("%20", "+")));
        Add(F("call", [ParamType.Any, ParamType.Any], true, _ => throw new TemplateFunctionException("call of nil")));
        return d;
    }

    private static Dictionary<string, TemplateFunction> BuildDocker()
    {
        var d = Builtins();
        d["json"] = F("json", [ParamType.Any], false, a => GoJson.Encode(a[0], null, escapeHtml: false));
        d["split"] = F("split", [ParamType.String, ParamType.String], false,
            a => new GoSlice(GoType.StringSlice, GoStrings.Split((string)a[0]!, (string)a[1]!).Cast<object?>().ToList()));
        d["join"] = F("join", [ParamType.StringSlice, ParamType.String], false, a =>
            string.Join((string)a[1]!, (a[0] as GoSlice)?.Items?.Select(x => x as string ?? "") ?? []));
        d["title"] = F("title", [ParamType.String], false, a => GoStrings.Title((string)a[0]!));
        d["lower"] = F("lower", [ParamType.String], false, a => ((string)a[0]!).ToLowerInvariant());
        d["upper"] = F("upper", [ParamType.String], false, a => ((string)a[0]!).ToUpperInvariant());
        d["pad"] = F("pad", [ParamType.String, ParamType.Int, ParamType.Int], false, a =>
        {
            string s = (string)a[0]!;
            if (s.Length == 0) return s;
            return new string(' ', (int)Math.Max(0, ToLong(a[1]))) + s + new string(' ', (int)Math.Max(0, ToLong(a[2])));
        });
        d["truncate"] = F("truncate", [ParamType.String, ParamType.Int], false, a =>
        {
            string s = (string)a[0]!;
            long n = ToLong(a[1]);
            var bytes = Encoding.UTF8.GetBytes(s);
            if (bytes.Length < n) return s;
            if (n < 0) throw new TemplateFunctionException($"runtime error: slice bounds out of range [:{n}]");
            return Encoding.UTF8.GetString(bytes, 0, (int)n);
        });
        return d;
    }

    private static Dictionary<string, TemplateFunction> BuildHeader()
    {
        var d = new Dictionary<string, TemplateFunction>(BuildDocker(), StringComparer.Ordinal);
        d["json"] = F("json", [ParamType.String], false, a => a[0]);
        d["split"] = F("split", [ParamType.String, ParamType.String], false, a => a[0]);
        d["join"] = F("join", [ParamType.String, ParamType.String], false, a => a[0]);
        d["title"] = F("title", [ParamType.String], false, a => a[0]);
        d["lower"] = F("lower", [ParamType.String], false, a => a[0]);
        d["upper"] = F("upper", [ParamType.String], false, a => a[0]);
        d["truncate"] = F("truncate", [ParamType.String, ParamType.Int], false, a => a[0]);
        return d;
    }

    private static long ToLong(object? v) => v switch { long l => l, int i => i, ulong u => (long)u, _ => 0 };

    private static string EvalArgs(object?[] args)
    {
        if (args.Length == 1 && args[0] is string s) return s;
        return GoPrinter.Sprint(args);
    }

    private static object Length(object? item) => item switch
    {
        string s => (long)Encoding.UTF8.GetByteCount(s),
        GoSlice slice => (long)slice.Count,
        GoMap map => (long)map.Count,
        GoNumber n => (long)n.Literal.Length,
        GoNil => throw new TemplateFunctionException("len of nil pointer"),
        null => throw new TemplateFunctionException("len of untyped nil"),
        _ => throw new TemplateFunctionException($"len of type {GoPrinter.TypeName(item)}"),
    };

    private static long IndexArg(object? index, int length)
    {
        long x = index switch
        {
            long l => l,
            int i => i,
            ulong u => (long)u,
            null => throw new TemplateFunctionException("cannot index slice/array with nil"),
            _ => throw new TemplateFunctionException($"cannot index slice/array with type {GoPrinter.TypeName(index)}"),
        };
        if (x < 0 || x >= length) throw new TemplateFunctionException($"index out of range: {x}");
        return x;
    }

    private static object? Index(object? item, object?[] indexes)
    {
        if (item is null) throw new TemplateFunctionException("index of untyped nil");
        foreach (var index in indexes)
        {
            switch (item)
            {
                case GoNil:
                    throw new TemplateFunctionException("index of nil pointer");
                case GoSlice slice:
                    item = slice.Items![(int)IndexArg(index, slice.Count)];
                    break;
                case string s:
                {
                    var bytes = Encoding.UTF8.GetBytes(s);
                    item = bytes[(int)IndexArg(index, bytes.Length)];
                    break;
                }
                case GoMap map:
                {
                    string key = index switch
                    {
                        string k => k,
                        null => throw new TemplateFunctionException("value is nil; should be of type string"),
                        _ => throw new TemplateFunctionException($"value has type {GoPrinter.TypeName(index)}; should be string"),
                    };
                    item = map.Entries is not null && map.Entries.TryGetValue(key, out var v) ? v : GoZero.Of(map.Type.Elem!);
                    break;
                }
                default:
                    throw new TemplateFunctionException($"can't index item of type {GoPrinter.TypeName(item)}");
            }
        }
        return item;
    }

    private static object? Slice(object? item, object?[] indexes)
    {
        if (item is null) throw new TemplateFunctionException("slice of untyped nil");
        if (indexes.Length > 3) throw new TemplateFunctionException($"too many slice indexes: {indexes.Length}");
        int length = item switch
        {
            string s => Encoding.UTF8.GetByteCount(s),
            GoSlice sl => sl.Count,
            _ => throw new TemplateFunctionException($"can't slice item of type {GoPrinter.TypeName(item)}"),
        };
        if (item is string && indexes.Length == 3) throw new TemplateFunctionException("cannot 3-index slice a string");
        var idx = new long[] { 0, length, length };
        for (int i = 0; i < indexes.Length; i++)
        {
            long x = indexes[i] switch { long l => l, int n => n, ulong u => (long)u, _ => throw new TemplateFunctionException("cannot index slice/array with type " + GoPrinter.TypeName(indexes[i])) };
            if (x < 0 || x > length) throw new TemplateFunctionException($"index out of range: {x}");
            idx[i] = x;
        }
        if (idx[0] > idx[1]) throw new TemplateFunctionException($"invalid slice index: {idx[0]} > {idx[1]}");
        if (item is string str)
        {
            var bytes = Encoding.UTF8.GetBytes(str);
            return Encoding.UTF8.GetString(bytes, (int)idx[0], (int)(idx[1] - idx[0]));
        }
        var slice = (GoSlice)item;
        return new GoSlice(slice.Type, slice.Items?.GetRange((int)idx[0], (int)(idx[1] - idx[0])));
    }

    private static string HtmlEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s)
        {
            switch (c)
            {
                case '\0': sb.Append('\uFFFD'); break;
                case '"': sb.Append("&#34;"); break;
                case '\'': sb.Append("&#39;"); break;
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    private static string JsEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\'': sb.Append("\\'"); break;
                case '"': sb.Append("\\\""); break;
                case '<': sb.Append("\\u003C"); break;
                case '>': sb.Append("\\u003E"); break;
                case '&': sb.Append("\\u0026"); break;
                case '=': sb.Append("\\u003D"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < ' ') sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }
}
