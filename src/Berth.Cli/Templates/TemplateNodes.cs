using System.Text;

namespace Berth.Cli.Templates;

/// <summary>Parse tree nodes of text/template; String() gives Go's text used in "at &lt;...&gt;" error contexts.</summary>
internal abstract class Node(int pos)
{
    public int Pos { get; } = pos;
}

internal sealed class ListNode(int pos) : Node(pos)
{
    public List<Node> Nodes { get; } = new();
    public override string ToString() => string.Concat(Nodes.Select(n => n.ToString()));
}

internal sealed class TextNode(int pos, string text) : Node(pos)
{
    public string Text { get; } = text;
    public override string ToString() => Formatting.GoStrings.Quote(Text);
}

internal sealed class CommentNode(int pos, string text) : Node(pos)
{
    public string Text { get; } = text;
    public override string ToString() => "{{" + Text + "}}";
}

internal sealed class ActionNode(int pos, PipeNode pipe) : Node(pos)
{
    public PipeNode Pipe { get; } = pipe;
    public override string ToString() => "{{" + Pipe + "}}";
}

internal sealed class PipeNode(int pos) : Node(pos)
{
    public bool IsAssign { get; set; }
    public List<VariableNode> Decl { get; } = new();
    public List<CommandNode> Cmds { get; } = new();

    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Decl.Count > 0)
        {
            sb.Append(string.Join(", ", Decl.Select(d => d.ToString())));
            sb.Append(IsAssign ? " = " : " := ");
        }
        sb.Append(string.Join(" | ", Cmds.Select(c => c.ToString())));
        return sb.ToString();
    }
}

internal sealed class CommandNode(int pos) : Node(pos)
{
    public List<Node> Args { get; } = new();
    public override string ToString() =>
        string.Join(" ", Args.Select(a => a is PipeNode ? "(" + a + ")" : a.ToString()));
}

internal sealed class IdentifierNode(int pos, string name) : Node(pos)
{
    public string Name { get; } = name;
    public override string ToString() => Name;
}

internal sealed class VariableNode(int pos, string[] ident) : Node(pos)
{
    public string[] Ident { get; } = ident;
    public override string ToString() => string.Join(".", Ident);
}

internal sealed class DotNode(int pos) : Node(pos)
{
    public override string ToString() => ".";
}

internal sealed class NilNode(int pos) : Node(pos)
{
    public override string ToString() => "nil";
}

internal sealed class FieldNode(int pos, string[] ident) : Node(pos)
{
    public string[] Ident { get; } = ident;
    public override string ToString() => "." + string.Join(".", Ident);
}

internal sealed class ChainNode(int pos, Node node) : Node(pos)
{
    public Node Node { get; } = node;
    public List<string> Field { get; } = new();
    public override string ToString()
    {
        string s = Node is PipeNode ? "(" + Node + ")" : Node.ToString()!;
        return s + string.Concat(Field.Select(f => "." + f));
    }
}

internal sealed class BoolNode(int pos, bool value) : Node(pos)
{
    public bool Value { get; } = value;
    public override string ToString() => Value ? "true" : "false";
}

internal sealed class NumberNode(int pos, string text) : Node(pos)
{
    public string Text { get; } = text;
    public bool IsInt { get; set; }
    public bool IsUint { get; set; }
    public bool IsFloat { get; set; }
    public bool IsComplex { get; set; }
    public long Int64 { get; set; }
    public ulong Uint64 { get; set; }
    public double Float64 { get; set; }
    /// <summary>Set for character constants ('a'): Go treats them as runes (int32).</summary>
    public bool IsChar { get; set; }
    public override string ToString() => Text;
}

internal sealed class StringNode(int pos, string quoted, string text) : Node(pos)
{
    public string Quoted { get; } = quoted;
    public string Text { get; } = text;
    public override string ToString() => Quoted;
}

internal enum BranchKind { If, Range, With }

internal sealed class BranchNode(int pos, BranchKind kind, PipeNode pipe, ListNode list, ListNode? elseList) : Node(pos)
{
    public BranchKind Kind { get; } = kind;
    public PipeNode Pipe { get; } = pipe;
    public ListNode List { get; } = list;
    public ListNode? ElseList { get; } = elseList;

    public override string ToString()
    {
        string name = Kind switch { BranchKind.If => "if", BranchKind.Range => "range", _ => "with" };
        return ElseList is null
            ? $"{{{{{name} {Pipe}}}}}{List}{{{{end}}}}"
            : $"{{{{{name} {Pipe}}}}}{List}{{{{else}}}}{ElseList}{{{{end}}}}";
    }
}

internal sealed class BreakNode(int pos) : Node(pos)
{
    public override string ToString() => "{{break}}";
}

internal sealed class ContinueNode(int pos) : Node(pos)
{
    public override string ToString() => "{{continue}}";
}

internal sealed class TemplateNode(int pos, string name, PipeNode? pipe) : Node(pos)
{
    public string Name { get; } = name;
    public PipeNode? Pipe { get; } = pipe;
    public override string ToString() => Pipe is null
        ? $"{{{{template {Formatting.GoStrings.Quote(Name)}}}}}"
        : $"{{{{template {Formatting.GoStrings.Quote(Name)} {Pipe}}}}}";
}

/// <summary>Internal markers used by the parser for "else" and "end".</summary>
internal sealed class ElseNode(int pos) : Node(pos)
{
    public override string ToString() => "{{else}}";
}

internal sealed class EndNode(int pos) : Node(pos)
{
    public override string ToString() => "{{end}}";
}
