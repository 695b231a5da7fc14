using System.Text;

namespace Berth.Cli.Values;

/// <summary>
/// docker's SubHeaderContext: a map from field name to column title, with a Label method that turns
/// "com.example.vendor" into "vendor" for {{.Label "..."}} columns. Unknown fields read as no value.
/// </summary>
public sealed class HeaderContext(IReadOnlyDictionary<string, string> titles) : IGoObject
{
    public string GoTypeName => "formatter.SubHeaderContext";

    public bool TryInvoke(string name, IReadOnlyList<object?> args, out object? result)
    {
        if (name == "Label" && args.Count == 1)
        {
            string s = args[0] as string ?? "";
            string last = s.Split('.')[^1];
            result = last.Replace("-", " ").Replace("_", " ");
            return true;
        }
        result = titles.TryGetValue(name, out var title) ? title : null;
        return true;
    }

    public int ArgumentCount(string name) => name == "Label" ? 1 : -1;

    public void WriteJson(StringBuilder sb, bool escapeHtml)
    {
        sb.Append('{');
        bool first = true;
        foreach (var kv in titles.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            if (!first) sb.Append(',');
            first = false;
            GoJson.WriteString(sb, kv.Key, escapeHtml);
            sb.Append(':');
            GoJson.WriteString(sb, kv.Value, escapeHtml);
        }
        sb.Append('}');
    }
}
