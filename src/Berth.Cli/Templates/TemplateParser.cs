using System.Globalization;
using System.Text;
using Berth.Cli.Formatting;
using Berth.Cli.Options;

namespace Berth.Cli.Templates;

/// <summary>A port of text/template/parse's recursive-descent parser, with Go's error messages.</summary>
internal sealed class TemplateParser
{
    private readonly string _name;
    private readonly string _text;
    private readonly List<Token> _tokens;
    private readonly Func<string, bool> _hasFunction;
    private int _index;
    private int _lastLine = 1;
    private readonly List<string> _vars = new() { "$" };
    private int _rangeDepth;
    private int _actionLine;
    public Dictionary<string, ListNode> Definitions { get; } = new(StringComparer.Ordinal);

    public TemplateParser(string name, string text, Func<string, bool> hasFunction)
    {
        _name = name;
        _text = text;
        _tokens = new TemplateLexer(text).Run();
        _hasFunction = hasFunction;
    }

    private int LineOf(int pos)
    {
        int line = 1;
        for (int i = 0; i < pos && i < _text.Length; i++) if (_text[i] == '\n') line++;
        return line;
    }

    private Token Next()
    {
        var t = _index < _tokens.Count ? _tokens[_index] : new Token(TokenKind.Eof, _text.Length, "", 0);
        _index++;
        _lastLine = LineOf(t.Pos);
        return t;
    }

    private void Backup() => _index--;

    private Token Peek()
    {
        var t = Next();
        Backup();
        return t;
    }

    private Token NextNonSpace()
    {
        Token t;
        do t = Next(); while (t.Kind == TokenKind.Space);
        return t;
    }

    private Token PeekNonSpace()
    {
        var t = NextNonSpace();
        Backup();
        return t;
    }

    private TemplateException Error(string message) =>
        new($"template: {_name}:{_lastLine}: {message}");

    private static string Describe(Token t)
    {
        if (t.Kind == TokenKind.Eof) return "EOF";
        if (t.Kind == TokenKind.Error) return t.Value;
        if (t.Kind >= TokenKind.Block) return $"<{t.Value}>";
        if (t.Value.Length > 10) return GoStrings.Quote(t.Value[..10]) + "...";
        return GoStrings.Quote(t.Value);
    }

    private TemplateException Unexpected(Token t, string context)
    {
        if (t.Kind == TokenKind.Error)
        {
            string extra = "";
            int tokenLine = LineOf(t.Pos);
            if (_actionLine != 0 && _actionLine != tokenLine)
            {
                extra = $" in action started at {_name}:{_actionLine}";
            }
            return Error(t.Value + extra);
        }
        return Error($"unexpected {Describe(t)} in {context}");
    }

    private Token Expect(TokenKind kind, string context)
    {
        var t = NextNonSpace();
        if (t.Kind != kind) throw Unexpected(t, context);
        return t;
    }

    public ListNode Parse()
    {
        var root = new ListNode(Peek().Pos);
        while (Peek().Kind != TokenKind.Eof)
        {
            if (Peek().Kind == TokenKind.LeftDelim)
            {
                var delim = Next();
                if (NextNonSpace().Kind == TokenKind.Define)
                {
                    ParseDefinition();
                    continue;
                }
                _index = _tokens.IndexOf(delim);
            }
            var n = TextOrAction();
            if (n is EndNode or ElseNode) throw Error($"unexpected {n}");
            root.Nodes.Add(n);
        }
        return root;
    }

    private void ParseDefinition()
    {
        const string context = "define clause";
        var nameToken = NextNonSpace();
        string name = ParseTemplateName(nameToken, context);
        Expect(TokenKind.RightDelim, context);
        var saved = new List<string>(_vars);
        _vars.Clear();
        _vars.Add("$");
        var (list, end) = ItemList();
        if (end is not EndNode) throw Error($"unexpected {end} in {context}");
        _vars.Clear();
        _vars.AddRange(saved);
        Definitions[name] = list;
    }

    private string ParseTemplateName(Token t, string context)
    {
        if (t.Kind is TokenKind.String or TokenKind.RawString)
            return Unquote(t.Value);
        throw Unexpected(t, context);
    }

    private (ListNode List, Node Next) ItemList()
    {
        var list = new ListNode(PeekNonSpace().Pos);
        while (PeekNonSpace().Kind != TokenKind.Eof)
        {
            var n = TextOrAction();
            if (n is EndNode or ElseNode) return (list, n);
            list.Nodes.Add(n);
        }
        throw Error("unexpected EOF");
    }

    private Node TextOrAction()
    {
        var t = NextNonSpace();
        switch (t.Kind)
        {
            case TokenKind.Text:
                return new TextNode(t.Pos, t.Value);
            case TokenKind.LeftDelim:
                _actionLine = LineOf(t.Pos);
                try
                {
                    return Action();
                }
                finally
                {
                    _actionLine = 0;
                }
            case TokenKind.Comment:
                return new CommentNode(t.Pos, t.Value);
            default:
                throw Unexpected(t, "input");
        }
    }

    private Node Action()
    {
        var t = NextNonSpace();
        switch (t.Kind)
        {
            case TokenKind.Block: throw Error("block is not supported");
            case TokenKind.Break: return BreakOrContinue(t, isBreak: true);
            case TokenKind.Continue: return BreakOrContinue(t, isBreak: false);
            case TokenKind.Else: return ElseControl();
            case TokenKind.End: return new EndNode(Expect(TokenKind.RightDelim, "end").Pos);
            case TokenKind.If: return Control(BranchKind.If, "if");
            case TokenKind.Range: return Control(BranchKind.Range, "range");
            case TokenKind.Template: return TemplateControl();
            case TokenKind.With: return Control(BranchKind.With, "with");
        }
        Backup();
        var p = Peek();
        return new ActionNode(p.Pos, Pipeline("command", TokenKind.RightDelim));
    }

    private Node BreakOrContinue(Token t, bool isBreak)
    {
        var next = NextNonSpace();
        string word = isBreak ? "break" : "continue";
        if (next.Kind != TokenKind.RightDelim) throw Unexpected(next, "{{" + word + "}}");
        if (_rangeDepth == 0) throw Error($"{{{{{word}}}}} outside {{{{range}}}}");
        return isBreak ? new BreakNode(t.Pos) : new ContinueNode(t.Pos);
    }

    private Node ElseControl()
    {
        var peek = PeekNonSpace();
        if (peek.Kind is TokenKind.If or TokenKind.With) return new ElseNode(peek.Pos);
        var t = Expect(TokenKind.RightDelim, "else");
        return new ElseNode(t.Pos);
    }

    private Node TemplateControl()
    {
        const string context = "template clause";
        var t = NextNonSpace();
        string name = ParseTemplateName(t, context);
        PipeNode? pipe = null;
        if (NextNonSpace().Kind != TokenKind.RightDelim)
        {
            Backup();
            pipe = Pipeline(context, TokenKind.RightDelim);
        }
        return new TemplateNode(t.Pos, name, pipe);
    }

    private Node Control(BranchKind kind, string context)
    {
        int mark = _vars.Count;
        try
        {
            var pipe = Pipeline(context, TokenKind.RightDelim);
            if (kind == BranchKind.Range) _rangeDepth++;
            var (list, next) = ItemList();
            if (kind == BranchKind.Range) _rangeDepth--;
            ListNode? elseList = null;
            if (next is ElseNode)
            {
                if (kind == BranchKind.If && Peek().Kind == TokenKind.If)
                {
                    Next();
                    elseList = new ListNode(next.Pos);
                    elseList.Nodes.Add(Control(BranchKind.If, "if"));
                }
                else if (kind == BranchKind.With && Peek().Kind == TokenKind.With)
                {
                    Next();
                    elseList = new ListNode(next.Pos);
                    elseList.Nodes.Add(Control(BranchKind.With, "with"));
                }
                else
                {
                    Node end;
                    (elseList, end) = ItemList();
                    if (end is not EndNode) throw Error($"expected end; found {end}");
                }
            }
            return new BranchNode(pipe.Pos, kind, pipe, list, elseList);
        }
        finally
        {
            _vars.RemoveRange(mark, _vars.Count - mark);
        }
    }

    private PipeNode Pipeline(string context, TokenKind end)
    {
        var first = PeekNonSpace();
        var pipe = new PipeNode(first.Pos);
        while (true)
        {
            var v = PeekNonSpace();
            if (v.Kind != TokenKind.Variable) break;
            int save = _index;
            NextNonSpace();
            var tokenAfterVariable = Peek();
            var next = PeekNonSpace();
            if (next.Kind is TokenKind.Assign or TokenKind.Declare)
            {
                pipe.IsAssign = next.Kind == TokenKind.Assign;
                NextNonSpace();
                pipe.Decl.Add(new VariableNode(v.Pos, v.Value.Split('.')));
                _vars.Add(v.Value);
                break;
            }
            if (next.Kind == TokenKind.Char && next.Value == ",")
            {
                NextNonSpace();
                pipe.Decl.Add(new VariableNode(v.Pos, v.Value.Split('.')));
                _vars.Add(v.Value);
                if (context == "range" && pipe.Decl.Count < 2)
                {
                    var k = PeekNonSpace().Kind;
                    if (k is TokenKind.Variable or TokenKind.RightDelim or TokenKind.RightParen) continue;
                    throw Error("range can only initialize variables");
                }
                throw Error($"too many declarations in {context}");
            }
            _ = tokenAfterVariable;
            _index = save;
            break;
        }
        while (true)
        {
            var t = NextNonSpace();
            if (t.Kind == end)
            {
                CheckPipeline(pipe, context);
                return pipe;
            }
            switch (t.Kind)
            {
                case TokenKind.Bool or TokenKind.CharConstant or TokenKind.Dot or TokenKind.Field or TokenKind.Identifier
                    or TokenKind.Number or TokenKind.Nil or TokenKind.RawString or TokenKind.String or TokenKind.Variable
                    or TokenKind.LeftParen:
                    Backup();
                    pipe.Cmds.Add(Command());
                    break;
                default:
                    throw Unexpected(t, context);
            }
        }
    }

    private void CheckPipeline(PipeNode pipe, string context)
    {
        if (pipe.Cmds.Count == 0) throw Error($"missing value for {context}");
        for (int i = 1; i < pipe.Cmds.Count; i++)
        {
            if (pipe.Cmds[i].Args[0] is BoolNode or DotNode or NilNode or NumberNode or StringNode)
                throw Error($"non executable command in pipeline stage {i + 1}");
        }
    }

    private CommandNode Command()
    {
        var cmd = new CommandNode(PeekNonSpace().Pos);
        while (true)
        {
            PeekNonSpace();
            var operand = Operand();
            if (operand is not null) cmd.Args.Add(operand);
            var t = Next();
            if (t.Kind == TokenKind.Space) continue;
            if (t.Kind is TokenKind.RightDelim or TokenKind.RightParen) Backup();
            else if (t.Kind != TokenKind.Pipe) throw Unexpected(t, "operand");
            break;
        }
        if (cmd.Args.Count == 0) throw Error("empty command");
        return cmd;
    }

    private Node? Operand()
    {
        var node = Term();
        if (node is null) return null;
        if (Peek().Kind == TokenKind.Field)
        {
            var chain = new ChainNode(Peek().Pos, node);
            while (Peek().Kind == TokenKind.Field) chain.Field.Add(Next().Value[1..]);
            switch (node)
            {
                case FieldNode f:
                    return new FieldNode(chain.Pos, f.Ident.Concat(chain.Field).ToArray());
                case VariableNode v:
                    return new VariableNode(chain.Pos, v.Ident.Concat(chain.Field).ToArray());
                case BoolNode or StringNode or NumberNode or NilNode or DotNode:
                    throw Error($"unexpected . after term {GoStrings.Quote(node.ToString()!)}");
                default:
                    return chain;
            }
        }
        return node;
    }

    private Node? Term()
    {
        var t = NextNonSpace();
        switch (t.Kind)
        {
            case TokenKind.Identifier:
                if (!_hasFunction(t.Value)) throw Error($"function {GoStrings.Quote(t.Value)} not defined");
                return new IdentifierNode(t.Pos, t.Value);
            case TokenKind.Dot:
                return new DotNode(t.Pos);
            case TokenKind.Nil:
                return new NilNode(t.Pos);
            case TokenKind.Variable:
            {
                var v = new VariableNode(t.Pos, t.Value.Split('.'));
                if (!_vars.Contains(v.Ident[0])) throw Error($"undefined variable {GoStrings.Quote(v.Ident[0])}");
                return v;
            }
            case TokenKind.Field:
                return new FieldNode(t.Pos, t.Value[1..].Split('.'));
            case TokenKind.Bool:
                return new BoolNode(t.Pos, t.Value == "true");
            case TokenKind.CharConstant:
            case TokenKind.Number:
                return NewNumber(t);
            case TokenKind.LeftParen:
                return Pipeline("parenthesized pipeline", TokenKind.RightParen);
            case TokenKind.String:
            case TokenKind.RawString:
                return new StringNode(t.Pos, t.Value, Unquote(t.Value));
        }
        Backup();
        return null;
    }

    private NumberNode NewNumber(Token t)
    {
        var n = new NumberNode(t.Pos, t.Value);
        if (t.Kind == TokenKind.CharConstant)
        {
            string body = t.Value[1..^1];
            int rune = UnquoteChar(body, '\'', out string rest);
            if (rest.Length != 0) throw Error("malformed character constant: " + t.Value);
            n.IsChar = true;
            n.IsInt = n.IsUint = n.IsFloat = true;
            n.Int64 = rune;
            n.Uint64 = (ulong)rune;
            n.Float64 = rune;
            return n;
        }
        string text = t.Value;
        if (text.EndsWith('i')) throw Error("complex numbers are not supported: " + text);
        if (GoParse.TryParseUint(text, 64, out ulong u, out _)) { n.IsUint = true; n.Uint64 = u; }
        if (GoParse.TryParseInt(text, 64, out long i, out _))
        {
            n.IsInt = true;
            n.Int64 = i;
            if (i == 0) { n.IsUint = true; n.Uint64 = u; }
        }
        if (n.IsInt) { n.IsFloat = true; n.Float64 = n.Int64; }
        else if (n.IsUint) { n.IsFloat = true; n.Float64 = n.Uint64; }
        else if (double.TryParse(text.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out double f))
        {
            if (text.IndexOfAny(['.', 'e', 'E', 'p', 'P']) < 0) throw Error("integer overflow: " + text);
            n.IsFloat = true;
            n.Float64 = f;
            if (Math.Truncate(f) == f && f >= long.MinValue && f <= long.MaxValue) { n.IsInt = true; n.Int64 = (long)f; }
            if (Math.Truncate(f) == f && f >= 0 && f <= ulong.MaxValue) { n.IsUint = true; n.Uint64 = (ulong)f; }
        }
        if (!n.IsInt && !n.IsUint && !n.IsFloat) throw Error($"illegal number syntax: {GoStrings.Quote(text)}");
        return n;
    }

    /// <summary>strconv.Unquote for "..." and `...` literals.</summary>
    private string Unquote(string quoted)
    {
        if (quoted.StartsWith('`')) return quoted[1..^1].Replace("\r", "");
        var sb = new StringBuilder();
        string s = quoted[1..^1];
        while (s.Length > 0)
        {
            int r = UnquoteChar(s, '"', out s);
            sb.Append(char.ConvertFromUtf32(r));
        }
        return sb.ToString();
    }

    private int UnquoteChar(string s, char quote, out string rest)
    {
        char c = s[0];
        if (c != '\\')
        {
            if (char.IsHighSurrogate(c) && s.Length > 1)
            {
                rest = s[2..];
                return char.ConvertToUtf32(c, s[1]);
            }
            rest = s[1..];
            return c;
        }
        if (s.Length < 2) throw Error("invalid syntax");
        char e = s[1];
        rest = s[2..];
        switch (e)
        {
            case 'a': return 7;
            case 'b': return 8;
            case 'f': return 12;
            case 'n': return 10;
            case 'r': return 13;
            case 't': return 9;
            case 'v': return 11;
            case '\\': return '\\';
            case '\'' or '"':
                if (e != quote) throw Error("invalid syntax");
                return e;
            case 'x' or 'u' or 'U':
            {
                int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                if (rest.Length < len) throw Error("invalid syntax");
                int v = int.Parse(rest[..len], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                rest = rest[len..];
                return v;
            }
            case >= '0' and <= '7':
            {
                if (rest.Length < 2) throw Error("invalid syntax");
                int v = Convert.ToInt32(s.Substring(1, 3), 8);
                rest = s[4..];
                return v;
            }
            default:
                throw Error("invalid syntax");
        }
    }
}
