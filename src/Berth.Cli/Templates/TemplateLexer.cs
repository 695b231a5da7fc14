using System.Globalization;

namespace Berth.Cli.Templates;

internal enum TokenKind
{
    Error, Bool, Char, CharConstant, Comment, Assign, Declare, Eof, Field, Identifier, LeftDelim, LeftParen,
    Number, Pipe, RawString, RightDelim, RightParen, Space, String, Text, Variable,
    // keywords
    Block, Break, Continue, Dot, Define, Else, End, If, Nil, Range, Template, With,
}

internal readonly record struct Token(TokenKind Kind, int Pos, string Value, int Line);

/// <summary>A port of text/template/parse's lexer: the same tokens, trim markers and error texts.</summary>
internal sealed class TemplateLexer
{
    private const string LeftDelim = "{{", RightDelim = "}}", LeftComment = "/*", RightComment = "*/";
    private readonly string _input;
    private readonly List<Token> _tokens = new();
    private int _pos, _start, _line = 1, _startLine = 1, _parenDepth;

    public TemplateLexer(string input) => _input = input;

    public List<Token> Run()
    {
        try
        {
            LexText();
        }
        catch (LexError)
        {
        }
        return _tokens;
    }

    private sealed class LexError : Exception;

    private char Peek(int offset = 0) => _pos + offset < _input.Length ? _input[_pos + offset] : '\0';
    private bool AtEof(int offset = 0) => _pos + offset >= _input.Length;

    private void Emit(TokenKind kind)
    {
        _tokens.Add(new Token(kind, _start, _input[_start.._pos], _startLine));
        _start = _pos;
        _startLine = _line;
    }

    private void Ignore()
    {
        _line += Count(_input.AsSpan(_start, _pos - _start), '\n');
        _start = _pos;
        _startLine = _line;
    }

    private static int Count(ReadOnlySpan<char> s, char c)
    {
        int n = 0;
        foreach (var ch in s) if (ch == c) n++;
        return n;
    }

    private void Error(string message)
    {
        _tokens.Add(new Token(TokenKind.Error, _start, message, _startLine));
        throw new LexError();
    }

    private char Next()
    {
        if (_pos >= _input.Length) { _pos = _input.Length + 1; return '\0'; }
        char c = _input[_pos++];
        if (c == '\n') _line++;
        return c;
    }

    private void Backup()
    {
        if (_pos > _input.Length) { _pos = _input.Length; return; }
        _pos--;
        if (_input[_pos] == '\n') _line--;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';
    private static bool IsAlphaNumeric(char c) => c == '_' || char.IsLetterOrDigit(c);

    private void LexText()
    {
        while (true)
        {
            int x = _input.IndexOf(LeftDelim, _pos, StringComparison.Ordinal);
            if (x < 0)
            {
                _pos = _input.Length;
                if (_pos > _start)
                {
                    _line += Count(_input.AsSpan(_start, _pos - _start), '\n');
                    Emit(TokenKind.Text);
                }
                _tokens.Add(new Token(TokenKind.Eof, _pos, "", _line));
                return;
            }
            _pos = x;
            int trimLength = 0;
            int delimEnd = _pos + LeftDelim.Length;
            if (HasLeftTrimMarker(delimEnd)) trimLength = RightTrimLength(_input.AsSpan(_start, _pos - _start));
            _pos -= trimLength;
            _line += Count(_input.AsSpan(_start, _pos - _start), '\n');
            if (_pos > _start) Emit(TokenKind.Text);
            _pos += trimLength;
            Ignore();
            LexLeftDelim();
        }
    }

    private bool HasLeftTrimMarker(int at) => at + 1 < _input.Length && _input[at] == '-' && IsSpace(_input[at + 1]);

    private bool HasRightTrimMarkerAt(int at) => at + 1 < _input.Length && IsSpace(_input[at]) && _input[at + 1] == '-';

    private static int RightTrimLength(ReadOnlySpan<char> s)
    {
        int n = s.Length;
        while (n > 0 && IsSpace(s[n - 1])) n--;
        return s.Length - n;
    }

    private static int LeftTrimLength(ReadOnlySpan<char> s)
    {
        int n = 0;
        while (n < s.Length && IsSpace(s[n])) n++;
        return n;
    }

    private void LexLeftDelim()
    {
        _pos += LeftDelim.Length;
        bool trimSpace = HasLeftTrimMarker(_pos);
        int afterMarker = trimSpace ? 2 : 0;
        if (string.CompareOrdinal(_input, _pos + afterMarker, LeftComment, 0, 2) == 0)
        {
            _pos += afterMarker;
            Ignore();
            LexComment();
            return;
        }
        Emit(TokenKind.LeftDelim);
        _pos += afterMarker;
        Ignore();
        _parenDepth = 0;
        LexInsideAction();
    }

    private void LexComment()
    {
        _pos += LeftComment.Length;
        int x = _input.IndexOf(RightComment, _pos, StringComparison.Ordinal);
        if (x < 0) Error("unclosed comment");
        _pos = x + RightComment.Length;
        var (delim, trimSpace) = AtRightDelim();
        if (!delim) Error("comment ends before closing delimiter");
        Emit(TokenKind.Comment);
        if (trimSpace) _pos += 2;
        _pos += RightDelim.Length;
        if (trimSpace) _pos += LeftTrimLength(_input.AsSpan(_pos));
        Ignore();
    }

    private (bool Delim, bool TrimSpaces) AtRightDelim()
    {
        if (HasRightTrimMarkerAt(_pos) && string.CompareOrdinal(_input, _pos + 2, RightDelim, 0, 2) == 0)
            return (true, true);
        if (string.CompareOrdinal(_input, _pos, RightDelim, 0, 2) == 0)
            return (true, false);
        return (false, false);
    }

    private void LexRightDelim(bool trimSpace)
    {
        if (trimSpace)
        {
            _pos += 2;
            Ignore();
        }
        _pos += RightDelim.Length;
        Emit(TokenKind.RightDelim);
        if (trimSpace)
        {
            _pos += LeftTrimLength(_input.AsSpan(_pos));
            Ignore();
        }
    }

    private void LexInsideAction()
    {
        while (true)
        {
            var (delim, trimSpace) = AtRightDelim();
            if (delim)
            {
                if (_parenDepth == 0)
                {
                    LexRightDelim(trimSpace);
                    return;
                }
                Error("unclosed left paren");
            }
            char r = Next();
            switch (r)
            {
                case '\0' when _pos > _input.Length:
                    Error("unclosed action");
                    break;
                case ' ' or '\t' or '\r' or '\n':
                    Backup();
                    LexSpace();
                    break;
                case '=':
                    Emit(TokenKind.Assign);
                    break;
                case ':':
                    if (Next() != '=') Error("expected :=");
                    Emit(TokenKind.Declare);
                    break;
                case '|':
                    Emit(TokenKind.Pipe);
                    break;
                case '"':
                    LexQuote();
                    break;
                case '`':
                    LexRawQuote();
                    break;
                case '$':
                    LexVariable();
                    break;
                case '\'':
                    LexChar();
                    break;
                case '.':
                    if (_pos < _input.Length && char.IsAsciiDigit(_input[_pos]))
                    {
                        Backup();
                        LexNumber();
                        break;
                    }
                    LexField();
                    break;
                case '+' or '-' or (>= '0' and <= '9'):
                    Backup();
                    LexNumber();
                    break;
                case '(':
                    Emit(TokenKind.LeftParen);
                    _parenDepth++;
                    break;
                case ')':
                    _parenDepth--;
                    if (_parenDepth < 0) Error("unexpected right paren");
                    Emit(TokenKind.RightParen);
                    break;
                default:
                    if (IsAlphaNumeric(r))
                    {
                        Backup();
                        LexIdentifier();
                        break;
                    }
                    if (r <= 127 && !char.IsControl(r))
                    {
                        Emit(TokenKind.Char);
                        break;
                    }
                    Error($"unrecognized character in action: {UnicodeDescribe(r)}");
                    break;
            }
        }
    }

    internal static string UnicodeDescribe(char r) =>
        $"U+{((int)r).ToString("X4", CultureInfo.InvariantCulture)} '{r}'";

    private void LexSpace()
    {
        int numSpaces = 0;
        while (!AtEof() && IsSpace(Peek()))
        {
            Next();
            numSpaces++;
        }
        // a space followed by "-}}" is a trim marker, not a separator
        if (HasRightTrimMarkerAt(_pos - 1) && string.CompareOrdinal(_input, _pos + 1, RightDelim, 0, 2) == 0)
        {
            Backup();
            if (numSpaces == 1) return;
        }
        Emit(TokenKind.Space);
    }

    private void LexIdentifier()
    {
        while (true)
        {
            char r = Next();
            if (IsAlphaNumeric(r) && _pos <= _input.Length) continue;
            Backup();
            string word = _input[_start.._pos];
            if (!AtTerminator()) Error($"bad character {UnicodeDescribe(Peek())}");
            TokenKind kind = word switch
            {
                "block" => TokenKind.Block,
                "break" => TokenKind.Break,
                "continue" => TokenKind.Continue,
                "define" => TokenKind.Define,
                "else" => TokenKind.Else,
                "end" => TokenKind.End,
                "if" => TokenKind.If,
                "range" => TokenKind.Range,
                "nil" => TokenKind.Nil,
                "template" => TokenKind.Template,
                "with" => TokenKind.With,
                "true" or "false" => TokenKind.Bool,
                _ => TokenKind.Identifier,
            };
            if (word.StartsWith('.')) kind = TokenKind.Field;
            Emit(kind);
            return;
        }
    }

    private void LexField() => LexFieldOrVariable(TokenKind.Field);

    private void LexVariable() => LexFieldOrVariable(TokenKind.Variable);

    private void LexFieldOrVariable(TokenKind kind)
    {
        if (AtTerminator())
        {
            Emit(kind == TokenKind.Variable ? TokenKind.Variable : TokenKind.Dot);
            return;
        }
        while (true)
        {
            char r = Next();
            if (IsAlphaNumeric(r) && _pos <= _input.Length) continue;
            Backup();
            break;
        }
        if (!AtTerminator()) Error($"bad character {UnicodeDescribe(Peek())}");
        Emit(kind);
    }

    private bool AtTerminator()
    {
        if (AtEof()) return true;
        char r = Peek();
        if (IsSpace(r)) return true;
        switch (r)
        {
            case '.' or ',' or '|' or ':' or ')' or '(':
                return true;
        }
        return string.CompareOrdinal(_input, _pos, RightDelim, 0, 2) == 0;
    }

    private void LexChar()
    {
        while (true)
        {
            char r = Next();
            if (r == '\\')
            {
                if (_pos < _input.Length) { Next(); continue; }
                Error("unterminated character constant");
            }
            if ((r == '\0' && _pos > _input.Length) || r == '\n') Error("unterminated character constant");
            if (r == '\'') break;
        }
        Emit(TokenKind.CharConstant);
    }

    private void LexNumber()
    {
        if (!ScanNumber())
            Error($"bad number syntax: {Formatting.GoStrings.Quote(_input[_start.._pos])}");
        Emit(TokenKind.Number);
    }

    private bool ScanNumber()
    {
        if (Peek() is '+' or '-') Next();
        string digits = "0123456789_";
        if (Peek() == '0' && Peek(1) is 'x' or 'X')
        {
            Next(); Next();
            digits = "0123456789abcdefABCDEF_";
        }
        else if (Peek() == '0' && Peek(1) is 'o' or 'O')
        {
            Next(); Next();
            digits = "01234567_";
        }
        else if (Peek() == '0' && Peek(1) is 'b' or 'B')
        {
            Next(); Next();
            digits = "01_";
        }
        while (!AtEof() && digits.Contains(Peek())) Next();
        if (Peek() == '.')
        {
            Next();
            while (!AtEof() && digits.Contains(Peek())) Next();
        }
        if (digits.Length == 11 && Peek() is 'e' or 'E')
        {
            Next();
            if (Peek() is '+' or '-') Next();
            while (!AtEof() && char.IsAsciiDigit(Peek())) Next();
        }
        if (digits.Length == 23 && Peek() is 'p' or 'P')
        {
            Next();
            if (Peek() is '+' or '-') Next();
            while (!AtEof() && char.IsAsciiDigit(Peek())) Next();
        }
        if (Peek() == 'i') Next();
        if (!AtEof() && IsAlphaNumeric(Peek()))
        {
            Next();
            return false;
        }
        return true;
    }

    private void LexQuote()
    {
        while (true)
        {
            char r = Next();
            if (r == '\\')
            {
                if (_pos < _input.Length && _input[_pos] != '\n') { Next(); continue; }
                Error("unterminated quoted string");
            }
            if ((r == '\0' && _pos > _input.Length) || r == '\n') Error("unterminated quoted string");
            if (r == '"') break;
        }
        Emit(TokenKind.String);
    }

    private void LexRawQuote()
    {
        int end = _input.IndexOf('`', _pos);
        if (end < 0) Error("unterminated raw quoted string");
        _line += Count(_input.AsSpan(_pos, end - _pos), '\n');
        _pos = end + 1;
        Emit(TokenKind.RawString);
    }
}
