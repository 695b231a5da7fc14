using System.Text;

namespace Berth.Cli.Templates;

/// <summary>
/// A parsed Go text/template. Parse errors and execution errors carry Go's messages, so a bad --format names
/// the position: "template: :1:8: executing "" at &lt;.Foo&gt;: can't evaluate field Foo in type ...".
/// </summary>
public sealed class GoTemplate
{
    private readonly ListNode _root;
    private readonly string _text;

    private GoTemplate(string name, string text, IReadOnlyDictionary<string, TemplateFunction> functions, ListNode root,
        Dictionary<string, ListNode> definitions)
    {
        Name = name;
        _text = text;
        Functions = functions;
        _root = root;
        Definitions = definitions;
    }

    public string Name { get; }
    internal IReadOnlyDictionary<string, TemplateFunction> Functions { get; private set; }
    internal Dictionary<string, ListNode> Definitions { get; }

    /// <summary>Parses with the builtins plus docker's functions (json, split, join, title, lower, upper, pad, truncate).</summary>
    public static GoTemplate Parse(string text, string name = "") => Parse(text, TemplateFunctions.Docker, name);

    public static GoTemplate Parse(string text, IReadOnlyDictionary<string, TemplateFunction> functions, string name = "")
    {
        var parser = new TemplateParser(name, text, f => f is "and" or "or" || functions.ContainsKey(f));
        var root = parser.Parse();
        return new GoTemplate(name, text, functions, root, parser.Definitions);
    }

    /// <summary>The same template with other functions of the same names (docker's header functions).</summary>
    public GoTemplate WithFunctions(IReadOnlyDictionary<string, TemplateFunction> overrides)
    {
        var merged = new Dictionary<string, TemplateFunction>(Functions, StringComparer.Ordinal);
        foreach (var kv in overrides) merged[kv.Key] = kv.Value;
        return new GoTemplate(Name, _text, merged, _root, Definitions);
    }

    /// <summary>Executes into <paramref name="output"/>; on error what was written stays (as with Go) and it throws.</summary>
    public void Execute(StringBuilder output, object? data, bool missingKeyError = false)
    {
        var exec = new TemplateExecutor(this, output, missingKeyError);
        exec.Run(_root, data);
    }

    public string Execute(object? data, bool missingKeyError = false)
    {
        var sb = new StringBuilder();
        Execute(sb, data, missingKeyError);
        return sb.ToString();
    }

    internal (string Location, string Context) ErrorContext(Node n)
    {
        int pos = Math.Min(n.Pos, _text.Length);
        int line = 1;
        int lastNewline = -1;
        for (int i = 0; i < pos; i++)
        {
            if (_text[i] == '\n')
            {
                line++;
                lastNewline = i;
            }
        }
        int col = pos - (lastNewline + 1);
        // Go counts bytes, not UTF-16 units
        col = Encoding.UTF8.GetByteCount(_text.AsSpan(lastNewline + 1, col));
        string context = n.ToString()!;
        if (context.Length > 20) context = TruncateRunes(context, 20) + "...";
        return ($"{Name}:{line}:{col}", context);
    }

    private static string TruncateRunes(string s, int n)
    {
        int count = 0, i = 0;
        while (i < s.Length && count < n)
        {
            i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length ? 2 : 1;
            count++;
        }
        return s[..i];
    }
}
