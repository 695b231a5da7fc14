using System.Text;

namespace Berth.Build.Shell;

/// <summary>
/// Expands Dockerfile words the way the reference describes: <c>$x</c>, <c>${x}</c> and the modifiers
/// <c>:-</c> <c>-</c> <c>:+</c> <c>+</c> <c>:?</c> <c>?</c> <c>#</c> <c>##</c> <c>%</c> <c>%%</c> <c>/</c> <c>//</c>;
/// single quotes (literal), double quotes (expanding), the escape character; and splits into words for the
/// instructions that take several (EXPOSE, heredoc detection). Not a shell: no globbing, no command substitution.
/// </summary>
public sealed class ShellLexer
{
    public char EscapeToken { get; }
    /// <summary>Keep quote characters in the result.</summary>
    public bool RawQuotes { get; init; }
    /// <summary>Keep escape characters in the result.</summary>
    public bool RawEscapes { get; init; }
    /// <summary>Leave references to unset variables as written.</summary>
    public bool SkipUnsetEnv { get; init; }

    public ShellLexer(char escapeToken = '\\') => EscapeToken = escapeToken;

    /// <summary>The word with variables expanded and quotes removed.</summary>
    public string ProcessWord(string word, IVariables env) => Process(word, env, null).Word;

    /// <summary>As <see cref="ProcessWord"/>, also naming the variables it referenced that were set and unset.</summary>
    public string ProcessWord(string word, IVariables env, ISet<string> used, ISet<string> unset)
    {
        var r = Process(word, env, (used, unset));
        return r.Word;
    }

    /// <summary>The words of the input: split on unquoted whitespace, also inside expanded variables.</summary>
    public List<string> ProcessWords(string word, IVariables env) => Process(word, env, null).Words;

    private (string Word, List<string> Words) Process(string source, IVariables env, (ISet<string> Used, ISet<string> Unset)? capture)
    {
        var state = new Scanner(this, source, env, capture);
        try
        {
            return state.ProcessStopOn(Scanner.Eof, RawEscapes);
        }
        catch (ShellSyntaxException e)
        {
            throw new ShellSyntaxException($"failed to process \"{source}\": {e.Message}");
        }
    }

    private sealed class Words
    {
        private readonly StringBuilder _buf = new();
        private readonly List<string> _words = new();
        private bool _inWord;

        public void AddChar(char c)
        {
            if (char.IsWhiteSpace(c))
            {
                if (_inWord && _buf.Length != 0)
                {
                    _words.Add(_buf.ToString());
                    _buf.Clear();
                    _inWord = false;
                }
            }
            else AddRawChar(c);
        }

        public void AddRawChar(char c)
        {
            _buf.Append(c);
            _inWord = true;
        }

        public void AddString(string s)
        {
            foreach (char c in s) AddChar(c);
        }

        public void AddRawString(string s)
        {
            _buf.Append(s);
            _inWord = true;
        }

        public List<string> Get()
        {
            if (_buf.Length > 0)
            {
                _words.Add(_buf.ToString());
                _buf.Clear();
                _inWord = false;
            }
            return _words;
        }
    }

    private sealed class Scanner(ShellLexer lexer, string text, IVariables env, (ISet<string> Used, ISet<string> Unset)? capture)
    {
        public const int Eof = -1;
        private int _pos;
        private bool _rawEscapes = lexer.RawEscapes;

        private int Peek() => _pos < text.Length ? text[_pos] : Eof;
        private int Next() => _pos < text.Length ? text[_pos++] : Eof;

        public (string, List<string>) ProcessStopOn(int stop, bool rawEscapes)
        {
            var result = new StringBuilder();
            var words = new Words();
            bool saved = _rawEscapes;
            _rawEscapes = rawEscapes;
            try
            {
                while (Peek() != Eof)
                {
                    int ch = Peek();
                    if (stop != Eof && ch == stop)
                    {
                        Next();
                        return (result.ToString(), words.Get());
                    }
                    if (ch == '$')
                    {
                        string v = ProcessDollar();
                        result.Append(v);
                        words.AddString(v);
                        continue;
                    }
                    if (ch == '<')
                    {
                        string v = ProcessPossibleHeredoc();
                        result.Append(v);
                        words.AddRawString(v);
                        continue;
                    }
                    if (ch == '\'')
                    {
                        string v = ProcessSingleQuote();
                        result.Append(v);
                        words.AddRawString(v);
                        continue;
                    }
                    if (ch == '"')
                    {
                        string v = ProcessDoubleQuote();
                        result.Append(v);
                        words.AddRawString(v);
                        continue;
                    }
                    char c = (char)Next();
                    if (c == lexer.EscapeToken)
                    {
                        if (_rawEscapes)
                        {
                            words.AddRawChar(c);
                            result.Append(c);
                        }
                        int n = Next();
                        if (n == Eof) break;
                        words.AddRawChar((char)n);
                        result.Append((char)n);
                        continue;
                    }
                    words.AddChar(c);
                    result.Append(c);
                }
                if (stop != Eof)
                    throw new ShellSyntaxException($"unexpected end of statement while looking for matching {(char)stop}");
                return (result.ToString(), words.Get());
            }
            finally
            {
                _rawEscapes = saved;
            }
        }

        private string ProcessSingleQuote()
        {
            var sb = new StringBuilder();
            int ch = Next();
            if (lexer.RawQuotes) sb.Append((char)ch);
            while (true)
            {
                ch = Next();
                if (ch == Eof) throw new ShellSyntaxException("unexpected end of statement while looking for matching single-quote");
                if (ch == '\'')
                {
                    if (lexer.RawQuotes) sb.Append('\'');
                    return sb.ToString();
                }
                sb.Append((char)ch);
            }
        }

        private string ProcessDoubleQuote()
        {
            var sb = new StringBuilder();
            int ch = Next();
            if (lexer.RawQuotes) sb.Append((char)ch);
            while (true)
            {
                int p = Peek();
                if (p == Eof) throw new ShellSyntaxException("unexpected end of statement while looking for matching double-quote");
                if (p == '"')
                {
                    Next();
                    if (lexer.RawQuotes) sb.Append('"');
                    return sb.ToString();
                }
                if (p == '$')
                {
                    sb.Append(ProcessDollar());
                    continue;
                }
                ch = Next();
                if (ch == lexer.EscapeToken)
                {
                    if (_rawEscapes) sb.Append((char)ch);
                    int q = Peek();
                    if (q == Eof) continue;
                    if (q == '"' || q == '$' || q == lexer.EscapeToken) ch = Next();
                }
                sb.Append((char)ch);
            }
        }

        private string ProcessPossibleHeredoc()
        {
            Next();
            if (Peek() != '<') return "<";
            Next();
            var sb = new StringBuilder("<<");
            while (Peek() is '\t' or '\r' or ' ') sb.Append((char)Next());
            return sb.ToString();
        }

        private bool GetEnv(string name, out string value)
        {
            if (env.TryGet(name, out value))
            {
                capture?.Used.Add(name);
                return true;
            }
            capture?.Unset.Add(name);
            value = "";
            return false;
        }

        private string ProcessDollar()
        {
            Next(); // '$'
            if (Peek() != '{')
            {
                string name = ProcessName();
                if (name.Length == 0) return "$";
                bool found = GetEnv(name, out var value);
                if (!found && lexer.SkipUnsetEnv) return "$" + name;
                return value;
            }
            Next(); // '{'
            switch (Peek())
            {
                case Eof: throw new ShellSyntaxException("syntax error: missing '}'");
                case '{' or '}' or ':': throw new ShellSyntaxException("syntax error: bad substitution");
            }
            string varName = ProcessName();
            int ch = Next();
            string chs = ch == Eof ? "" : ((char)ch).ToString();
            bool nullIsUnset = false;
            switch (ch)
            {
                case '}':
                {
                    bool set = GetEnv(varName, out var value);
                    if (!set && lexer.SkipUnsetEnv) return "${" + varName + "}";
                    return value;
                }
                case ':':
                    nullIsUnset = true;
                    ch = Next();
                    chs += ch == Eof ? "" : ((char)ch).ToString();
                    return Modifier(varName, ch, chs, nullIsUnset);
                case '+' or '-' or '?' or '#' or '%':
                    return Modifier(varName, ch, chs, nullIsUnset);
                case '/':
                {
                    bool all = Peek() == '/';
                    if (all) Next();
                    string pattern, replacement;
                    try { pattern = ProcessStopOn('/', true).Item1; }
                    catch (ShellSyntaxException) when (Peek() == Eof) { throw new ShellSyntaxException("syntax error: missing '/' in ${}"); }
                    try { replacement = ProcessStopOn('}', true).Item1; }
                    catch (ShellSyntaxException) when (Peek() == Eof) { throw new ShellSyntaxException("syntax error: missing '}'"); }
                    bool set = GetEnv(varName, out var value);
                    if (lexer.SkipUnsetEnv && !set) return "${" + varName + "/" + pattern + "/" + replacement + "}";
                    System.Text.RegularExpressions.Regex re;
                    try { re = ShellPattern.ToRegex(pattern, greedy: true, anchored: false); }
                    catch (ShellSyntaxException e) { throw new ShellSyntaxException($"invalid pattern ({pattern}) in substitution: {e.Message}"); }
                    if (all) return re.Replace(value, replacement.Replace("$", "$$"));
                    var m = re.Match(value);
                    return m.Success ? value[..m.Index] + replacement + value[(m.Index + m.Length)..] : value;
                }
                default:
                    throw new ShellSyntaxException($"unsupported modifier ({chs}) in substitution");
            }
        }

        private string Modifier(string name, int ch, string chs, bool nullIsUnset)
        {
            bool rawEscapes = ch is '#' or '%';
            if (nullIsUnset && rawEscapes) throw new ShellSyntaxException($"unsupported modifier ({chs}) in substitution");
            string word;
            try { word = ProcessStopOn('}', rawEscapes).Item1; }
            catch (ShellSyntaxException) when (Peek() == Eof) { throw new ShellSyntaxException("syntax error: missing '}'"); }
            bool set = GetEnv(name, out var value);
            if (lexer.SkipUnsetEnv && !set) return "${" + name + chs + word + "}";
            switch (ch)
            {
                case '-':
                    return !set || (nullIsUnset && value.Length == 0) ? word : value;
                case '+':
                    return !set || (nullIsUnset && value.Length == 0) ? "" : word;
                case '?':
                    if (!set) throw new ShellSyntaxException($"{name}: {(word.Length > 0 ? word : "is not allowed to be unset")}");
                    if (nullIsUnset && value.Length == 0) throw new ShellSyntaxException($"{name}: {(word.Length > 0 ? word : "is not allowed to be empty")}");
                    return value;
                case '%' or '#':
                {
                    bool greedy = word.Length > 0 && word[0] == ch;
                    if (greedy) word = word[1..];
                    try
                    {
                        return ch == '%' ? ShellPattern.TrimSuffix(word, value, greedy) : ShellPattern.TrimPrefix(word, value, greedy);
                    }
                    catch (ShellSyntaxException e) { throw new ShellSyntaxException($"invalid pattern ({word}) in substitution: {e.Message}"); }
                }
                default:
                    throw new ShellSyntaxException($"unsupported modifier ({chs}) in substitution");
            }
        }

        private string ProcessName()
        {
            var sb = new StringBuilder();
            while (Peek() != Eof)
            {
                char c = (char)Peek();
                if (sb.Length == 0 && char.IsDigit(c))
                {
                    while (Peek() != Eof && char.IsDigit((char)Peek())) sb.Append((char)Next());
                    return sb.ToString();
                }
                if (sb.Length == 0 && c is '@' or '*' or '#' or '?' or '-' or '$' or '!' or '0')
                    return ((char)Next()).ToString();
                if (!char.IsLetterOrDigit(c) && c != '_') break;
                sb.Append((char)Next());
            }
            return sb.ToString();
        }
    }
}
