using System.Text;

namespace Berth.Cli.Client;

/// <summary>URL query parameters, encoded like Go's url.Values.Encode (keys sorted, values in insertion order).</summary>
public sealed class QueryString
{
    private readonly SortedDictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public QueryString Set(string key, string value)
    {
        _values[key] = new List<string> { value };
        return this;
    }

    public QueryString Add(string key, string value)
    {
        if (!_values.TryGetValue(key, out var list)) _values[key] = list = new List<string>();
        list.Add(value);
        return this;
    }

    public QueryString SetIf(bool condition, string key, string value) => condition ? Set(key, value) : this;

    public bool IsEmpty => _values.Count == 0;

    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var kv in _values)
        {
            foreach (var v in kv.Value)
            {
                if (sb.Length > 0) sb.Append('&');
                sb.Append(Escape(kv.Key)).Append('=').Append(Escape(v));
            }
        }
        return sb.ToString();
    }

    /// <summary>url.QueryEscape: spaces become "+", unreserved characters stay.</summary>
    public static string Escape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(s))
        {
            char c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~') sb.Append(c);
            else if (c == ' ') sb.Append('+');
            else sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>url.PathEscape for one path segment.</summary>
    public static string PathEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(s))
        {
            char c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '$' or '&' or '+' or ',' or ':' or ';' or '=' or '@')
                sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
