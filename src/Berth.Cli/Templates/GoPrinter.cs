using System.Globalization;
using System.Text;
using Berth.Cli.Formatting;
using Berth.Cli.Values;

namespace Berth.Cli.Templates;

/// <summary>Go's fmt printing of template values: %v, Sprint, Sprintln and Sprintf with flags, width and precision.</summary>
public static class GoPrinter
{
    /// <summary>fmt.Sprint(v) / %v.</summary>
    public static string Format(object? v)
    {
        var sb = new StringBuilder();
        AppendValue(sb, v, plus: false, depth: 0, fieldType: null);
        return sb.ToString();
    }

    /// <summary>The Go type name %T prints.</summary>
    public static string TypeName(object? v) => v switch
    {
        null => "<nil>",
        string => "string",
        bool => "bool",
        long => "int",
        int => "int",
        ulong => "uint64",
        byte => "uint8",
        double => "float64",
        GoNumber => "json.Number",
        GoTime => "time.Time",
        GoDurationValue => "time.Duration",
        GoStruct s => s.Type.Name,
        GoSlice s => s.Type.Name,
        GoMap m => m.Type.Name,
        GoNil n => n.Type.Name,
        IGoObject o => o.GoTypeName,
        RawJson => "json.RawMessage",
        _ => v.GetType().Name,
    };

    private static void AppendValue(StringBuilder sb, object? v, bool plus, int depth, GoType? fieldType)
    {
        switch (v)
        {
            case null:
                sb.Append("<nil>");
                return;
            case string s:
                sb.Append(s);
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
            case byte by:
                sb.Append(by.ToString(CultureInfo.InvariantCulture));
                return;
            case double d:
                sb.Append(GoFloat.FormatG(d, -1));
                return;
            case GoNumber n:
                sb.Append(n.Literal);
                return;
            case GoTime t:
                sb.Append(t.ToString());
                return;
            case GoDurationValue dur:
                sb.Append(dur.ToString());
                return;
            case GoNil:
                sb.Append("<nil>");
                return;
            case RawJson raw:
                sb.Append('[').Append(string.Join(" ", Encoding.UTF8.GetBytes(raw.Text))).Append(']');
                return;
            case GoSlice slice:
                if (depth > 0 && fieldType?.Kind == GoKind.Pointer)
                {
                    sb.Append("0xc000010000");
                    return;
                }
                sb.Append('[');
                if (slice.Items is not null)
                    for (int k = 0; k < slice.Items.Count; k++)
                    {
                        if (k > 0) sb.Append(' ');
                        AppendValue(sb, slice.Items[k], plus, depth + 1, slice.Type.Elem);
                    }
                sb.Append(']');
                return;
            case GoMap map:
                sb.Append("map[");
                if (map.Entries is not null)
                {
                    bool first = true;
                    foreach (var kv in map.Entries)
                    {
                        if (!first) sb.Append(' ');
                        first = false;
                        sb.Append(kv.Key).Append(':');
                        AppendValue(sb, kv.Value, plus, depth + 1, map.Type.Elem);
                    }
                }
                sb.Append(']');
                return;
            case GoStruct st:
                if (depth > 0 && fieldType?.Kind == GoKind.Pointer)
                {
                    // fmt prints nested pointers as addresses
                    sb.Append("0xc000010000");
                    return;
                }
                sb.Append('{');
                for (int k = 0; k < st.Values.Length; k++)
                {
                    if (k > 0) sb.Append(' ');
                    var f = st.Type.Fields[k];
                    if (plus) sb.Append(f.Name).Append(':');
                    AppendValue(sb, st.Values[k], plus, depth + 1, f.Type);
                }
                sb.Append('}');
                return;
            case IGoObject obj:
                sb.Append(obj.ToString());
                return;
            default:
                sb.Append(v.ToString());
                return;
        }
    }

    /// <summary>fmt.Sprint: spaces between operands when neither side is a string.</summary>
    public static string Sprint(IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < args.Count; i++)
        {
            if (i > 0 && args[i] is not string && args[i - 1] is not string) sb.Append(' ');
            AppendValue(sb, args[i], false, 0, null);
        }
        return sb.ToString();
    }

    /// <summary>fmt.Sprintln: spaces between all operands and a final newline.</summary>
    public static string Sprintln(IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < args.Count; i++)
        {
            if (i > 0) sb.Append(' ');
            AppendValue(sb, args[i], false, 0, null);
        }
        sb.Append('\n');
        return sb.ToString();
    }

    private struct Spec
    {
        public bool Minus, Plus, Sharp, Space, Zero;
        public int Width, Precision;
        public bool HasWidth, HasPrecision;
    }

    /// <summary>fmt.Sprintf with Go's verbs and its error markers (%!d(string=x), %!v(MISSING), %!(EXTRA ...)).</summary>
    public static string Sprintf(string format, IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        int argNum = 0;
        int i = 0;
        while (i < format.Length)
        {
            char c = format[i];
            if (c != '%')
            {
                sb.Append(c);
                i++;
                continue;
            }
            i++;
            if (i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }
            var spec = new Spec();
            // flags
            for (; i < format.Length; i++)
            {
                char f = format[i];
                if (f == '-') { spec.Minus = true; spec.Zero = false; }
                else if (f == '+') spec.Plus = true;
                else if (f == '#') spec.Sharp = true;
                else if (f == ' ') spec.Space = true;
                else if (f == '0') spec.Zero = !spec.Minus;
                else break;
            }
            // width
            if (i < format.Length && format[i] == '*')
            {
                i++;
                if (argNum < args.Count && ToInt(args[argNum]) is int w)
                {
                    spec.Width = w;
                    spec.HasWidth = true;
                    if (w < 0) { spec.Minus = true; spec.Width = -w; spec.Zero = false; }
                }
                else sb.Append("%!(BADWIDTH)");
                argNum++;
            }
            else
            {
                int start = i;
                while (i < format.Length && char.IsAsciiDigit(format[i])) i++;
                if (i > start)
                {
                    spec.Width = int.Parse(format[start..i], CultureInfo.InvariantCulture);
                    spec.HasWidth = true;
                }
            }
            // precision
            if (i < format.Length && format[i] == '.')
            {
                i++;
                spec.HasPrecision = true;
                if (i < format.Length && format[i] == '*')
                {
                    i++;
                    if (argNum < args.Count && ToInt(args[argNum]) is int p)
                    {
                        spec.Precision = p;
                        if (p < 0) { spec.Precision = 0; spec.HasPrecision = false; }
                    }
                    else sb.Append("%!(BADPREC)");
                    argNum++;
                }
                else
                {
                    int start = i;
                    while (i < format.Length && char.IsAsciiDigit(format[i])) i++;
                    spec.Precision = i > start ? int.Parse(format[start..i], CultureInfo.InvariantCulture) : 0;
                }
            }
            if (i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }
            char verb = format[i];
            if (char.IsHighSurrogate(verb) && i + 1 < format.Length)
            {
                sb.Append("%!").Append(format, i, 2).Append("(BADVERB)");
                i += 2;
                continue;
            }
            i++;
            if (verb == '%')
            {
                sb.Append('%');
                continue;
            }
            if (argNum >= args.Count)
            {
                sb.Append("%!").Append(verb).Append("(MISSING)");
                continue;
            }
            object? arg = args[argNum++];
            FormatOne(sb, verb, spec, arg);
        }
        if (argNum < args.Count)
        {
            sb.Append("%!(EXTRA ");
            for (int k = argNum; k < args.Count; k++)
            {
                if (k > argNum) sb.Append(", ");
                var a = args[k];
                if (a is null) sb.Append("<nil>");
                else sb.Append(TypeName(a)).Append('=').Append(Format(a));
            }
            sb.Append(')');
        }
        return sb.ToString();
    }

    private static int? ToInt(object? v) => v switch
    {
        long l => (int)l,
        int i => i,
        ulong u => (int)u,
        _ => null,
    };

    private static void FormatOne(StringBuilder sb, char verb, Spec spec, object? arg)
    {
        if (verb == 'T')
        {
            Pad(sb, TypeName(arg), spec);
            return;
        }
        if (arg is null)
        {
            if (verb == 'v') Pad(sb, "<nil>", spec);
            else BadVerb(sb, verb, arg);
            return;
        }
        switch (arg)
        {
            case bool b:
                if (verb is 'v' or 't') Pad(sb, b ? "true" : "false", spec);
                else BadVerb(sb, verb, arg);
                return;
            case long or int or ulong or byte:
                FormatInteger(sb, verb, spec, arg);
                return;
            case double d:
                FormatFloat(sb, verb, spec, d, arg);
                return;
            case string s:
                FormatString(sb, verb, spec, s, arg);
                return;
            case GoNumber n:
                FormatString(sb, verb, spec, n.Literal, arg);
                return;
            case GoSlice slice when verb != 'v' && verb != 's' && slice.Items is not null:
            {
                // fmt applies the verb to each element
                sb.Append('[');
                for (int k = 0; k < slice.Items.Count; k++)
                {
                    if (k > 0) sb.Append(' ');
                    FormatOne(sb, verb, spec, slice.Items[k]);
                }
                sb.Append(']');
                return;
            }
            default:
                if (verb is 'v' or 's')
                {
                    var inner = new StringBuilder();
                    AppendValue(inner, arg, spec.Plus && verb == 'v', 0, null);
                    string text = inner.ToString();
                    if (verb == 's' && spec.HasPrecision) text = TruncateRunes(text, spec.Precision);
                    Pad(sb, text, spec);
                }
                else if (verb == 'q' && arg is GoTime or GoDurationValue)
                    Pad(sb, GoStrings.Quote(arg.ToString()!), spec);
                else BadVerb(sb, verb, arg);
                return;
        }
    }

    private static void BadVerb(StringBuilder sb, char verb, object? arg)
    {
        sb.Append("%!").Append(verb).Append('(');
        if (arg is null) sb.Append("<nil>");
        else sb.Append(TypeName(arg)).Append('=').Append(Format(arg));
        sb.Append(')');
    }

    private static string TruncateRunes(string s, int n)
    {
        var e = StringInfo.GetTextElementEnumerator(s);
        int count = 0, i = 0;
        while (i < s.Length && count < n)
        {
            i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length ? 2 : 1;
            count++;
        }
        return s[..i];
    }

    private static int RuneCount(string s)
    {
        int n = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length) i++;
            n++;
        }
        return n;
    }

    private static void Pad(StringBuilder sb, string s, Spec spec)
    {
        int width = spec.HasWidth ? spec.Width : 0;
        int n = RuneCount(s);
        if (n >= width)
        {
            sb.Append(s);
            return;
        }
        if (spec.Minus)
        {
            sb.Append(s).Append(' ', width - n);
        }
        else
        {
            sb.Append(spec.Zero ? '0' : ' ', width - n).Append(s);
        }
    }

    private static void PadNumber(StringBuilder sb, string sign, string digits, Spec spec)
    {
        int width = spec.HasWidth ? spec.Width : 0;
        int n = sign.Length + digits.Length;
        if (n >= width)
        {
            sb.Append(sign).Append(digits);
            return;
        }
        if (spec.Minus) sb.Append(sign).Append(digits).Append(' ', width - n);
        else if (spec.Zero && !(spec.HasPrecision)) sb.Append(sign).Append('0', width - n).Append(digits);
        else sb.Append(' ', width - n).Append(sign).Append(digits);
    }

    private static void FormatInteger(StringBuilder sb, char verb, Spec spec, object arg)
    {
        bool negative;
        ulong magnitude;
        switch (arg)
        {
            case long l:
                negative = l < 0;
                magnitude = negative ? (ulong)(-(l + 1)) + 1 : (ulong)l;
                break;
            case int i:
                negative = i < 0;
                magnitude = (ulong)Math.Abs((long)i);
                break;
            case byte by:
                negative = false;
                magnitude = by;
                break;
            default:
                negative = false;
                magnitude = (ulong)arg;
                break;
        }
        string digits;
        string prefix = "";
        switch (verb)
        {
            case 'v' or 'd':
                digits = magnitude.ToString(CultureInfo.InvariantCulture);
                break;
            case 'x':
                digits = magnitude.ToString("x", CultureInfo.InvariantCulture);
                if (spec.Sharp) prefix = "0x";
                break;
            case 'X':
                digits = magnitude.ToString("X", CultureInfo.InvariantCulture);
                if (spec.Sharp) prefix = "0X";
                break;
            case 'o':
                digits = Convert.ToString((long)magnitude, 8);
                if (spec.Sharp) prefix = "0";
                break;
            case 'O':
                digits = Convert.ToString((long)magnitude, 8);
                prefix = "0o";
                break;
            case 'b':
                digits = Convert.ToString((long)magnitude, 2);
                break;
            case 'c':
                Pad(sb, char.ConvertFromUtf32((int)magnitude), spec);
                return;
            case 'q':
                Pad(sb, "'" + char.ConvertFromUtf32((int)magnitude) + "'", spec);
                return;
            case 'U':
                Pad(sb, "U+" + magnitude.ToString("X4", CultureInfo.InvariantCulture), spec);
                return;
            case 'e' or 'E' or 'f' or 'F' or 'g' or 'G':
                BadVerb(sb, verb, arg);
                return;
            default:
                BadVerb(sb, verb, arg);
                return;
        }
        if (spec.HasPrecision)
        {
            if (spec.Precision == 0 && magnitude == 0) digits = "";
            else if (digits.Length < spec.Precision) digits = new string('0', spec.Precision - digits.Length) + digits;
        }
        string sign = negative ? "-" : spec.Plus ? "+" : spec.Space ? " " : "";
        PadNumber(sb, sign + prefix, digits, spec);
    }

    private static void FormatFloat(StringBuilder sb, char verb, Spec spec, double d, object arg)
    {
        string body;
        int prec = spec.HasPrecision ? spec.Precision : -1;
        switch (verb)
        {
            case 'v' or 'g':
                body = GoFloat.FormatG(Math.Abs(d), prec);
                break;
            case 'G':
                body = GoFloat.FormatG(Math.Abs(d), prec).ToUpperInvariant();
                break;
            case 'e':
                body = prec < 0 ? GoFloat.FormatE(Math.Abs(d), 6) : GoFloat.FormatE(Math.Abs(d), prec);
                break;
            case 'E':
                body = (prec < 0 ? GoFloat.FormatE(Math.Abs(d), 6) : GoFloat.FormatE(Math.Abs(d), prec)).ToUpperInvariant();
                break;
            case 'f' or 'F':
                body = GoFloat.FormatF(Math.Abs(d), prec < 0 ? 6 : prec);
                break;
            default:
                BadVerb(sb, verb, arg);
                return;
        }
        if (double.IsInfinity(d) || double.IsNaN(d))
        {
            string special = double.IsNaN(d) ? "NaN" : d > 0 ? (spec.Plus ? "+Inf" : "Inf") : "-Inf";
            Pad(sb, special, spec with { Zero = false });
            return;
        }
        bool negative = d < 0 || (d == 0 && double.IsNegative(d));
        string sign = negative ? "-" : spec.Plus ? "+" : spec.Space ? " " : "";
        var s2 = spec;
        s2.HasPrecision = false;
        PadNumber(sb, sign, body, s2);
    }

    private static void FormatString(StringBuilder sb, char verb, Spec spec, string s, object arg)
    {
        switch (verb)
        {
            case 'v' or 's':
                Pad(sb, spec.HasPrecision ? TruncateRunes(s, spec.Precision) : s, spec);
                return;
            case 'q':
                string t = spec.HasPrecision ? TruncateRunes(s, spec.Precision) : s;
                Pad(sb, spec.Sharp && !t.Contains('`') ? "`" + t + "`" : GoStrings.Quote(t), spec);
                return;
            case 'x' or 'X':
            {
                var bytes = Encoding.UTF8.GetBytes(spec.HasPrecision ? TruncateRunes(s, spec.Precision) : s);
                string hex = Convert.ToHexString(bytes);
                Pad(sb, verb == 'x' ? hex.ToLowerInvariant() : hex, spec);
                return;
            }
            default:
                BadVerb(sb, verb, arg);
                return;
        }
    }
}
