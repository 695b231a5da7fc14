using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Berth.Build.Shell;

namespace Berth.Build.Parsing;

/// <summary>
/// Turns Dockerfile text into instructions (the reference's "Format", "Parser directives" and "Here-Documents"
/// sections): directives are read from the top until the first line that is not one; comments are dropped, also
/// between continuation lines; the escape character at the end of a line joins it with the next; an instruction
/// that may take here-documents (RUN, COPY, ADD, ONBUILD of those) consumes the lines up to each terminator.
/// Errors name the file, line and column.
/// </summary>
public static partial class DockerfileParser
{
    private static readonly HashSet<string> s_heredocInstructions = new(StringComparer.Ordinal) { "add", "copy", "run" };
    private static readonly HashSet<string> s_knownDirectives = new(StringComparer.Ordinal) { "syntax", "escape", "check" };

    public static DockerfileDocument Parse(string text, string fileName = "Dockerfile")
    {
        var lines = SplitLines(text);
        var directives = new ParserDirectives();
        var nodes = new List<DockerfileNode>();
        var warnings = new List<ParserWarning>();
        bool directivesDone = false;
        var seenDirectives = new HashSet<string>(StringComparer.Ordinal);
        int i = 0;
        while (i < lines.Count)
        {
            string raw = lines[i];
            int lineNo = ++i;
            if (lineNo == 1 && raw.StartsWith('\uFEFF')) raw = raw[1..];
            string token = TrimNewline(raw);
            string leftTrimmed = token.TrimStart();
            int column = token.Length - leftTrimmed.Length + 1;
            if (!directivesDone) directivesDone = !TryDirective(leftTrimmed, lineNo, fileName, directives, seenDirectives);
            if (IsComment(leftTrimmed)) leftTrimmed = "";
            int startLine = lineNo;
            var (first, ended) = TrimContinuation(leftTrimmed, directives.EscapeToken);
            if (ended && first.Length == 0) continue;
            var joined = new StringBuilder(first);
            bool emptyContinuation = false;
            while (!ended && i < lines.Count)
            {
                string next = TrimNewline(lines[i]);
                lineNo = ++i;
                if (IsComment(next.TrimStart())) continue;
                if (next.Trim().Length == 0)
                {
                    emptyContinuation = true;
                    continue;
                }
                (next, ended) = TrimContinuation(next, directives.EscapeToken);
                joined.Append(next);
            }
            string line = joined.ToString();
            var location = new SourceLocation(fileName, startLine, column, lineNo);
            if (emptyContinuation)
                warnings.Add(new ParserWarning("NoEmptyContinuation", "Empty continuation line found in: " + line.Trim(), location));
            DockerfileNode node;
            try
            {
                node = NodeFromLine(line, directives.EscapeToken, location);
            }
            catch (BuildException e)
            {
                throw e.At(location);
            }
            if (CanContainHeredoc(node) && line.Contains("<<", StringComparison.Ordinal))
            {
                var heredocs = new List<Heredoc>();
                foreach (var (name, fd, expand, chomp) in HeredocsFromLine(line, location))
                {
                    var content = new StringBuilder();
                    bool terminated = false;
                    while (i < lines.Count)
                    {
                        string l = lines[i];
                        lineNo = ++i;
                        string candidate = TrimNewline(l);
                        if (chomp) candidate = candidate.TrimStart('\t');
                        if (candidate == name)
                        {
                            terminated = true;
                            break;
                        }
                        content.Append(l);
                    }
                    if (!terminated) throw BuildException.Invalid($"unterminated heredoc {name}", location with { EndLine = lineNo });
                    heredocs.Add(new Heredoc(name, fd, expand, chomp, content.ToString()));
                }
                node.Heredocs = heredocs;
                node.Location = location with { EndLine = lineNo };
            }
            nodes.Add(node);
        }
        if (nodes.Count == 0)
            throw BuildException.Invalid("file with no instructions", new SourceLocation(fileName, Math.Max(1, lines.Count), 1, Math.Max(1, lines.Count)));
        var doc = new DockerfileDocument { FileName = fileName, Nodes = nodes, Directives = directives };
        doc.Warnings.AddRange(warnings);
        return doc;
    }

    /// <summary>Lines with their line endings (heredoc content keeps them).</summary>
    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        int start = 0;
        for (int k = 0; k < text.Length; k++)
        {
            if (text[k] == '\n')
            {
                lines.Add(text[start..(k + 1)]);
                start = k + 1;
            }
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    private static string TrimNewline(string s) => s.TrimEnd('\r', '\n');

    private static bool IsComment(string leftTrimmed) => leftTrimmed.Length > 0 && leftTrimmed[0] == '#';

    /// <summary>A parser directive line (<c>#key=value</c> for a known key); false ends the directive block.</summary>
    private static bool TryDirective(string line, int lineNo, string file, ParserDirectives directives, HashSet<string> seen)
    {
        if (!line.StartsWith('#')) return false;
        var m = DirectivePattern().Match(line[1..].TrimStart());
        if (!m.Success) return false;
        string key = m.Groups[1].Value.ToLowerInvariant();
        if (!s_knownDirectives.Contains(key)) return false;
        var location = new SourceLocation(file, lineNo, 1, lineNo);
        if (!seen.Add(key)) throw BuildException.Invalid($"only one {key} parser directive can be used", location);
        string value = m.Groups[2].Value;
        switch (key)
        {
            case "escape":
                if (value is not ("`" or "\\"))
                    throw BuildException.Invalid($"invalid escape token '{value}' does not match ` or \\", location);
                directives.EscapeToken = value[0];
                break;
            case "syntax":
                directives.Syntax = value;
                break;
            case "check":
                directives.Check = value;
                break;
        }
        return true;
    }

    [GeneratedRegex(@"^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$")]
    private static partial Regex DirectivePattern();

    /// <summary>Removes a trailing escape (and the blanks after it); ended is false when the instruction goes on.</summary>
    internal static (string Line, bool Ended) TrimContinuation(string line, char escape)
    {
        int end = line.Length;
        while (end > 0 && line[end - 1] is ' ' or '\t') end--;
        if (end == 0 || line[end - 1] != escape) return (line, true);
        int k = end - 1;
        if (k == 0) return ("", false);
        if (line[k - 1] == escape) return (line, true);
        return (line[..k], false);
    }

    private static bool CanContainHeredoc(DockerfileNode node)
    {
        var n = node.Keyword == "onbuild" && node.Child is not null ? node.Child : node;
        return s_heredocInstructions.Contains(n.Keyword) && !n.IsJson;
    }

    [GeneratedRegex(@"^(\d*)<<(-?)\s*([^<]*)$")]
    private static partial Regex HeredocPattern();

    /// <summary>The here-document a word introduces (<c>&lt;&lt;EOF</c>, <c>&lt;&lt;-"EOT"</c>, <c>3&lt;&lt;X</c>), if it is one.</summary>
    public static (string Name, int Fd, bool Expand, bool Chomp)? ParseHeredocWord(string word)
    {
        var m = HeredocPattern().Match(word);
        if (!m.Success) return null;
        string rest = m.Groups[3].Value;
        if (rest.Length == 0) return null;
        int fd = m.Groups[1].Value.Length > 0 && int.TryParse(m.Groups[1].Value, out int f) ? f : 0;
        bool chomp = m.Groups[2].Value == "-";
        var plain = new ShellLexer('\\') { SkipUnsetEnv = true }.ProcessWords(rest, VariableList.Empty);
        if (plain.Count != 1) return null;
        var raw = new ShellLexer('\\') { SkipUnsetEnv = true, RawQuotes = true }.ProcessWords(rest, VariableList.Empty);
        if (raw.Count != plain.Count) throw new ShellSyntaxException($"internal lexing of heredoc produced inconsistent results: {rest}");
        static int Quotes(string s) => s.Count(c => c is '\'' or '"');
        bool expand = Quotes(plain[0]) == Quotes(raw[0]);
        return (plain[0], fd, expand, chomp);
    }

    private static List<(string Name, int Fd, bool Expand, bool Chomp)> HeredocsFromLine(string line, SourceLocation location)
    {
        var lexer = new ShellLexer('\\') { RawQuotes = true, RawEscapes = true, SkipUnsetEnv = true };
        List<string> words;
        try { words = lexer.ProcessWords(line, VariableList.Empty); }
        catch (ShellSyntaxException) { return []; }
        var docs = new List<(string, int, bool, bool)>();
        foreach (var w in words)
        {
            try
            {
                if (ParseHeredocWord(w) is { } h) docs.Add(h);
            }
            catch (ShellSyntaxException e)
            {
                throw BuildException.Invalid(e.Message, location);
            }
        }
        return docs;
    }

    // ---- one instruction ----------------------------------------------------------------------------------------

    internal static DockerfileNode NodeFromLine(string line, char escape, SourceLocation location)
    {
        string trimmed = line.Trim();
        int ws = IndexOfWhitespace(trimmed);
        string keywordText = ws < 0 ? trimmed : trimmed[..ws];
        string rest = ws < 0 ? "" : trimmed[ws..].TrimStart();
        string keyword = keywordText.ToLowerInvariant();
        var (args, flags) = ExtractFlags(rest, escape);
        args = args.Trim();
        return keyword switch
        {
            "add" or "copy" or "volume" => MaybeJsonToList(keyword, line, flags, args, location),
            "arg" => new DockerfileNode { Keyword = keyword, Original = line, Flags = flags, Args = ParseWords(args, escape), Location = location },
            "cmd" or "entrypoint" or "run" or "shell" => MaybeJson(keyword, line, flags, args, location),
            "env" or "label" => new DockerfileNode { Keyword = keyword, Original = line, Flags = flags, KeyValues = ParseNameValue(args, keyword.ToUpperInvariant(), escape), Location = location },
            "expose" or "from" => new DockerfileNode { Keyword = keyword, Original = line, Flags = flags, Args = SplitWhitespace(args), Location = location },
            "healthcheck" => HealthCheck(line, flags, args, location),
            "maintainer" or "stopsignal" or "user" or "workdir" => new DockerfileNode { Keyword = keyword, Original = line, Flags = flags, Args = args.Length == 0 ? [] : [args], Location = location },
            "onbuild" => new DockerfileNode
            {
                Keyword = keyword, Original = line, Flags = flags, Location = location,
                Child = args.Length == 0 ? null : NodeFromLine(args, escape, location),
            },
            _ => new DockerfileNode { Keyword = keyword, Original = line, Flags = flags, Location = location },
        };
    }

    private static int IndexOfWhitespace(string s)
    {
        for (int k = 0; k < s.Length; k++) if (s[k] is ' ' or '\t' or '\v' or '\f' or '\r') return k;
        return -1;
    }

    private static List<string> SplitWhitespace(string s) =>
        s.Length == 0 ? [] : WhitespaceRun().Split(s).ToList();

    [GeneratedRegex(@"[\t\v\f\r ]+")]
    private static partial Regex WhitespaceRun();

    private static DockerfileNode MaybeJson(string keyword, string line, List<string> flags, string args, SourceLocation location)
    {
        if (args.Length == 0) return new DockerfileNode { Keyword = keyword, Original = line, Flags = flags, Location = location };
        if (TryParseJsonArray(args, location) is { } list)
            return new DockerfileNode { Keyword = keyword, Original = line, Flags = flags, Args = list, IsJson = true, Location = location };
        return new DockerfileNode { Keyword = keyword, Original = line, Flags = flags, Args = [args], Location = location };
    }

    private static DockerfileNode MaybeJsonToList(string keyword, string line, List<string> flags, string args, SourceLocation location)
    {
        if (TryParseJsonArray(args, location) is { } list)
            return new DockerfileNode { Keyword = keyword, Original = line, Flags = flags, Args = list, IsJson = true, Location = location };
        return new DockerfileNode { Keyword = keyword, Original = line, Flags = flags, Args = SplitWhitespace(args), Location = location };
    }

    /// <summary>A JSON array of strings; null when the text is not a JSON array (then it is shell form).</summary>
    private static List<string>? TryParseJsonArray(string text, SourceLocation location)
    {
        string t = text.TrimStart();
        if (!t.StartsWith('[')) return null;
        JsonDocument doc;
        try { doc = JsonDocument.Parse(t); }
        catch (JsonException) { return null; }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array) return null;
            var list = new List<string>();
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.String)
                    throw BuildException.Invalid("when using JSON array syntax, arrays must be comprised of strings only", location);
                list.Add(e.GetString()!);
            }
            return list;
        }
    }

    private static DockerfileNode HealthCheck(string line, List<string> flags, string args, SourceLocation location)
    {
        int sep = 0;
        while (sep < args.Length && !char.IsWhiteSpace(args[sep])) sep++;
        if (sep == 0) return new DockerfileNode { Keyword = "healthcheck", Original = line, Flags = flags, Location = location };
        string type = args[..sep];
        string cmd = args[sep..].TrimStart();
        var inner = MaybeJson("healthcheck", line, flags, cmd, location);
        return new DockerfileNode
        {
            Keyword = "healthcheck", Original = line, Flags = flags, Location = location, IsJson = inner.IsJson,
            Args = [type, .. inner.Args],
        };
    }

    /// <summary>ENV/LABEL: <c>k=v k2="v 2"</c> pairs, or the legacy <c>k value with spaces</c>.</summary>
    private static List<KeyValueArg> ParseNameValue(string rest, string instruction, char escape)
    {
        var words = ParseWords(rest, escape);
        if (words.Count == 0) return [];
        if (!words[0].Contains('='))
        {
            var parts = WhitespaceRun().Split(rest, 2);
            if (parts.Length < 2) throw BuildException.Invalid($"{instruction} must have two arguments");
            return [new KeyValueArg(parts[0], parts[1], false)];
        }
        var pairs = new List<KeyValueArg>();
        foreach (var w in words)
        {
            int eq = w.IndexOf('=');
            if (eq < 0) throw BuildException.Invalid($"Syntax error - can't find = in \"{w}\". Must be of the form: name=value");
            pairs.Add(new KeyValueArg(w[..eq], w[(eq + 1)..], true));
        }
        return pairs;
    }

    /// <summary>Splits on whitespace outside quotes; quotes and escapes stay in the words (expansion removes them later).</summary>
    internal static List<string> ParseWords(string rest, char escape)
    {
        var words = new List<string>();
        var sb = new StringBuilder();
        const int InSpaces = 0, InWord = 1, InQuote = 2;
        int phase = InSpaces;
        char quote = '\0';
        bool blankOk = false;
        for (int pos = 0; pos <= rest.Length; pos++)
        {
            char ch = pos < rest.Length ? rest[pos] : '\0';
            if (phase == InSpaces)
            {
                if (pos == rest.Length) break;
                if (char.IsWhiteSpace(ch)) continue;
                phase = InWord;
            }
            if (pos == rest.Length)
            {
                if (blankOk || sb.Length > 0) words.Add(sb.ToString());
                break;
            }
            if (phase == InWord)
            {
                if (char.IsWhiteSpace(ch))
                {
                    phase = InSpaces;
                    if (blankOk || sb.Length > 0) words.Add(sb.ToString());
                    sb.Clear();
                    blankOk = false;
                    continue;
                }
                if (ch is '\'' or '"')
                {
                    quote = ch;
                    blankOk = true;
                    phase = InQuote;
                }
                if (ch == escape)
                {
                    if (pos + 1 == rest.Length) continue;
                    sb.Append(ch);
                    ch = rest[++pos];
                }
                sb.Append(ch);
                continue;
            }
            // InQuote
            if (ch == quote) phase = InWord;
            if (ch == escape && quote != '\'')
            {
                if (pos + 1 == rest.Length)
                {
                    phase = InWord;
                    continue;
                }
                sb.Append(ch);
                ch = rest[++pos];
            }
            sb.Append(ch);
        }
        return words;
    }

    /// <summary>The leading <c>--flag[=value]</c> words of an instruction's arguments, and what follows them.</summary>
    internal static (string Remainder, List<string> Flags) ExtractFlags(string line, char escape)
    {
        var words = new List<string>();
        var sb = new StringBuilder();
        const int InSpaces = 0, InWord = 1, InQuote = 2;
        int phase = InSpaces;
        char quote = '\0';
        bool blankOk = false;
        for (int pos = 0; pos <= line.Length; pos++)
        {
            char ch = pos < line.Length ? line[pos] : '\0';
            if (phase == InSpaces)
            {
                if (pos == line.Length) break;
                if (char.IsWhiteSpace(ch)) continue;
                if (ch != '-' || pos + 1 == line.Length || line[pos + 1] != '-') return (line[pos..], words);
                phase = InWord;
            }
            if (pos == line.Length)
            {
                string w = sb.ToString();
                if (w != "--" && (blankOk || w.Length > 0)) words.Add(w);
                break;
            }
            if (phase == InWord)
            {
                if (char.IsWhiteSpace(ch))
                {
                    string w = sb.ToString();
                    phase = InSpaces;
                    if (w == "--") return (line[pos..], words);
                    if (blankOk || w.Length > 0) words.Add(w);
                    sb.Clear();
                    blankOk = false;
                    continue;
                }
                if (ch is '\'' or '"')
                {
                    quote = ch;
                    blankOk = true;
                    phase = InQuote;
                    continue;
                }
                if (ch == escape)
                {
                    if (pos + 1 == line.Length) continue;
                    ch = line[++pos];
                }
                sb.Append(ch);
                continue;
            }
            if (ch == quote)
            {
                phase = InWord;
                continue;
            }
            if (ch == escape)
            {
                if (pos + 1 == line.Length)
                {
                    phase = InWord;
                    continue;
                }
                ch = line[++pos];
            }
            sb.Append(ch);
        }
        return ("", words);
    }
}
