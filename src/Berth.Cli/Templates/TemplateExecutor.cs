using System.Text;
using Berth.Cli.Formatting;
using Berth.Cli.Values;

namespace Berth.Cli.Templates;

/// <summary>Walks a parsed template like text/template's exec.go: the same evaluation rules and error texts.</summary>
internal sealed class TemplateExecutor
{
    private static readonly object Missing = new();
    private readonly GoTemplate _template;
    private readonly StringBuilder _out;
    private readonly bool _missingKeyError;
    private readonly List<(string Name, object? Value)> _vars = new();
    private Node? _node;
    private int _depth;

    private sealed class BreakSignal : Exception;
    private sealed class ContinueSignal : Exception;

    public TemplateExecutor(GoTemplate template, StringBuilder output, bool missingKeyError)
    {
        _template = template;
        _out = output;
        _missingKeyError = missingKeyError;
    }

    public void Run(ListNode root, object? data)
    {
        _vars.Add(("$", data));
        Walk(data, root);
    }

    private TemplateException Error(string message)
    {
        string name = _template.Name;
        if (_node is null) return new TemplateException($"template: {name}: {message}");
        var (location, context) = _template.ErrorContext(_node);
        return new TemplateException($"template: {location}: executing {GoStrings.Quote(name)} at <{context}>: {message}");
    }

    private void At(Node n) => _node = n;

    private void Walk(object? dot, Node node)
    {
        At(node);
        switch (node)
        {
            case ActionNode a:
            {
                var val = EvalPipeline(dot, a.Pipe);
                if (a.Pipe.Decl.Count == 0) PrintValue(a, val);
                break;
            }
            case BreakNode:
                throw new BreakSignal();
            case ContinueNode:
                throw new ContinueSignal();
            case CommentNode:
                break;
            case BranchNode { Kind: BranchKind.Range } r:
                WalkRange(dot, r);
                break;
            case BranchNode b:
                WalkIfOrWith(dot, b);
                break;
            case ListNode list:
                foreach (var n in list.Nodes) Walk(dot, n);
                break;
            case TemplateNode t:
                WalkTemplate(dot, t);
                break;
            case TextNode text:
                _out.Append(text.Text);
                break;
            default:
                throw Error("unknown node: " + node);
        }
    }

    private void WalkIfOrWith(object? dot, BranchNode b)
    {
        int mark = _vars.Count;
        try
        {
            var val = EvalPipeline(dot, b.Pipe);
            var (truth, ok) = IsTrue(val);
            if (!ok) throw Error($"if/with can't use {GoPrinter.Format(val)}");
            if (truth) Walk(b.Kind == BranchKind.With ? val : dot, b.List);
            else if (b.ElseList is not null) Walk(dot, b.ElseList);
        }
        finally
        {
            Pop(mark);
        }
    }

    private void WalkRange(object? dot, BranchNode r)
    {
        At(r);
        int outer = _vars.Count;
        try
        {
            var val = EvalPipeline(dot, r.Pipe);
            int mark = _vars.Count;
            bool iterated = false;
            try
            {
                switch (val)
                {
                    case GoSlice slice when slice.Count > 0:
                        for (int i = 0; i < slice.Items!.Count; i++)
                            if (!OneIteration(r, (long)i, slice.Items[i], mark)) break;
                        iterated = true;
                        break;
                    case GoMap map when map.Count > 0:
                        foreach (var kv in map.Entries!.ToList())
                            if (!OneIteration(r, kv.Key, kv.Value, mark)) break;
                        iterated = true;
                        break;
                    case long n when n > 0:
                        for (long i = 0; i < n; i++)
                            if (!OneIteration(r, i, i, mark)) break;
                        iterated = true;
                        break;
                    case GoSlice or GoMap or long or null or GoNil:
                        break;
                    default:
                        throw Error($"range can't iterate over {GoPrinter.Format(val)}");
                }
            }
            catch (BreakSignal)
            {
                iterated = true;
            }
            if (!iterated && r.ElseList is not null) Walk(dot, r.ElseList);
        }
        finally
        {
            Pop(outer);
        }
    }

    /// <summary>Runs the range body once; false after {{break}}.</summary>
    private bool OneIteration(BranchNode r, object? index, object? elem, int mark)
    {
        var decl = r.Pipe.Decl;
        if (decl.Count > 0)
        {
            if (r.Pipe.IsAssign)
            {
                if (decl.Count > 1) SetVar(decl[0].Ident[0], index);
                else SetVar(decl[0].Ident[0], elem);
            }
            else SetTopVar(1, elem);
        }
        if (decl.Count > 1)
        {
            if (r.Pipe.IsAssign) SetVar(decl[1].Ident[0], elem);
            else SetTopVar(2, index);
        }
        try
        {
            Walk(elem, r.List);
        }
        catch (ContinueSignal)
        {
        }
        finally
        {
            Pop(mark);
        }
        return true;
    }

    private void WalkTemplate(object? dot, TemplateNode t)
    {
        At(t);
        if (!_template.Definitions.TryGetValue(t.Name, out var body))
            throw Error($"template: no template {GoStrings.Quote(t.Name)} associated with template {GoStrings.Quote(_template.Name)}");
        if (++_depth > 100000) throw Error("exceeded maximum template depth (100000)");
        var newDot = t.Pipe is null ? null : EvalPipeline(dot, t.Pipe);
        var saved = _vars.ToList();
        _vars.Clear();
        _vars.Add(("$", newDot));
        try
        {
            Walk(newDot, body);
        }
        finally
        {
            _vars.Clear();
            _vars.AddRange(saved);
            _depth--;
        }
    }

    private void Pop(int mark)
    {
        if (_vars.Count > mark) _vars.RemoveRange(mark, _vars.Count - mark);
    }

    private void SetVar(string name, object? value)
    {
        for (int i = _vars.Count - 1; i >= 0; i--)
        {
            if (_vars[i].Name == name)
            {
                _vars[i] = (name, value);
                return;
            }
        }
        throw Error("undefined variable: " + name);
    }

    private void SetTopVar(int n, object? value) => _vars[^n] = (_vars[^n].Name, value);

    private object? VarValue(string name)
    {
        for (int i = _vars.Count - 1; i >= 0; i--)
            if (_vars[i].Name == name) return _vars[i].Value;
        throw Error("undefined variable: " + name);
    }

    private object? EvalPipeline(object? dot, PipeNode pipe)
    {
        At(pipe);
        object? value = Missing;
        foreach (var cmd in pipe.Cmds)
        {
            value = EvalCommand(dot, cmd, value);
        }
        foreach (var variable in pipe.Decl)
        {
            if (pipe.IsAssign) SetVar(variable.Ident[0], value);
            else _vars.Add((variable.Ident[0], value));
        }
        return value;
    }

    private void NotAFunction(List<Node> args, object? final)
    {
        if (args.Count > 1 || final != Missing)
            throw Error($"can't give argument to non-function {args[0]}");
    }

    private object? EvalCommand(object? dot, CommandNode cmd, object? final)
    {
        var first = cmd.Args[0];
        switch (first)
        {
            case FieldNode f:
                return EvalFieldNode(dot, f, cmd.Args, final);
            case ChainNode c:
                return EvalChainNode(dot, c, cmd.Args, final);
            case IdentifierNode id:
                return EvalFunction(dot, id, cmd, cmd.Args, final);
            case PipeNode p:
                NotAFunction(cmd.Args, final);
                return EvalPipeline(dot, p);
            case VariableNode v:
                return EvalVariableNode(dot, v, cmd.Args, final);
        }
        At(first);
        NotAFunction(cmd.Args, final);
        switch (first)
        {
            case BoolNode b: return b.Value;
            case DotNode: return dot;
            case NilNode: throw Error("nil is not a command");
            case NumberNode n: return IdealConstant(n);
            case StringNode s: return s.Text;
        }
        throw Error("can't evaluate command " + GoStrings.Quote(first.ToString()!));
    }

    private object? IdealConstant(NumberNode n)
    {
        At(n);
        if (n.IsFloat && !n.IsChar && !n.Text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && n.Text.IndexOfAny(['.', 'e', 'E', 'p', 'P']) >= 0)
            return n.Float64;
        if (n.IsInt) return n.Int64;
        if (n.IsUint) throw Error($"{n.Text} overflows int");
        return null;
    }

    private object? EvalFieldNode(object? dot, FieldNode field, List<Node> args, object? final)
    {
        At(field);
        return EvalFieldChain(dot, dot, field, field.Ident, args, final);
    }

    private object? EvalChainNode(object? dot, ChainNode chain, List<Node> args, object? final)
    {
        At(chain);
        if (chain.Node is NilNode) throw Error($"indirection through explicit nil in {chain}");
        var pipe = EvalArg(dot, ParamType.Any, chain.Node);
        return EvalFieldChain(dot, pipe, chain, chain.Field, args, final);
    }

    private object? EvalVariableNode(object? dot, VariableNode variable, List<Node> args, object? final)
    {
        At(variable);
        var value = VarValue(variable.Ident[0]);
        if (variable.Ident.Length == 1)
        {
            NotAFunction(args, final);
            return value;
        }
        return EvalFieldChain(dot, value, variable, variable.Ident[1..], args, final);
    }

    private object? EvalFieldChain(object? dot, object? receiver, Node node, IReadOnlyList<string> ident, List<Node> args, object? final)
    {
        int n = ident.Count;
        for (int i = 0; i < n - 1; i++)
            receiver = EvalField(dot, ident[i], node, null, Missing, receiver);
        return EvalField(dot, ident[n - 1], node, args, final, receiver);
    }

    private object? EvalField(object? dot, string fieldName, Node node, List<Node>? args, object? final, object? receiver)
    {
        if (receiver is null || receiver == Missing)
        {
            if (_missingKeyError) throw Error($"nil data; no entry for key {GoStrings.Quote(fieldName)}");
            return null;
        }
        bool hasArgs = (args is not null && args.Count > 1) || final != Missing;
        switch (receiver)
        {
            case IGoObject obj:
            {
                int want = obj.ArgumentCount(fieldName);
                if (want >= 0)
                {
                    var argv = new List<object?>();
                    if (args is not null)
                        for (int i = 1; i < args.Count; i++) argv.Add(EvalArg(dot, ParamType.Any, args[i]));
                    if (final != Missing) argv.Add(final);
                    if (argv.Count != want)
                        throw Error($"wrong number of args for {fieldName}: want {want} got {argv.Count}");
                    obj.TryInvoke(fieldName, argv, out var result);
                    return result;
                }
                if (obj.TryInvoke(fieldName, Array.Empty<object?>(), out var value))
                {
                    if (hasArgs) throw Error($"{fieldName} has arguments but cannot be invoked as function");
                    return value;
                }
                throw Error($"can't evaluate field {fieldName} in type {obj.GoTypeName}");
            }
            case GoStruct st:
                if (st.Type.TryFindField(fieldName, out _))
                {
                    if (hasArgs) throw Error($"{fieldName} has arguments but cannot be invoked as function");
                    return st[fieldName];
                }
                throw Error($"can't evaluate field {fieldName} in type {st.Type.Name}");
            case GoMap map:
            {
                if (hasArgs) throw Error($"{fieldName} is not a method but has arguments");
                if (map.Entries is not null && map.Entries.TryGetValue(fieldName, out var v)) return v;
                if (_missingKeyError) throw Error($"map has no entry for key {GoStrings.Quote(fieldName)}");
                return null;
            }
            case GoNil nil:
            {
                var elem = nil.Type.Elem;
                if (elem is { Kind: GoKind.Struct } && !elem.TryFindField(fieldName, out _))
                    throw Error($"can't evaluate field {fieldName} in type {nil.Type.Name}");
                throw Error($"nil pointer evaluating {nil.Type.Name}.{fieldName}");
            }
            case GoTime t:
                return TimeMethod(t, fieldName, args, dot);
        }
        throw Error($"can't evaluate field {fieldName} in type {GoPrinter.TypeName(receiver)}");
    }

    private object? TimeMethod(GoTime t, string name, List<Node>? args, object? dot)
    {
        switch (name)
        {
            case "Unix": return t.UnixSeconds;
            case "UnixNano": return t.UnixSeconds * 1_000_000_000 + t.Nanosecond;
            case "IsZero": return t.IsZeroTime;
            case "String": return t.ToString();
            case "Year": return (long)t.Value.Year;
            case "Format" when args is { Count: 2 }:
                return GoTimeLayout.Format(t, EvalArg(dot, ParamType.String, args[1]) as string ?? "");
        }
        throw Error($"can't evaluate field {name} in type time.Time");
    }

    private object? EvalFunction(object? dot, IdentifierNode node, Node cmd, List<Node> args, object? final)
    {
        At(node);
        string name = node.Name;
        if (name is "and" or "or")
            return EvalAndOr(dot, name, args, final);
        if (!_template.Functions.TryGetValue(name, out var fn))
            throw Error($"{GoStrings.Quote(name)} is not a defined function");
        return EvalCall(dot, fn, cmd, name, args, final);
    }

    private object? EvalAndOr(object? dot, string name, List<Node> args, object? final)
    {
        int numIn = args.Count - 1 + (final != Missing ? 1 : 0);
        if (numIn < 1) throw Error($"wrong number of args for {name}: want at least 1 got {numIn}");
        object? v = null;
        for (int i = 1; i < args.Count; i++)
        {
            v = EvalArg(dot, ParamType.Any, args[i]);
            var (truth, _) = IsTrue(v);
            if (truth == (name == "or")) return v;
        }
        if (final != Missing) v = final;
        return v;
    }

    private object? EvalCall(object? dot, TemplateFunction fn, Node node, string name, List<Node> args, object? final)
    {
        int numIn = args.Count - 1 + (final != Missing ? 1 : 0);
        int numFixed = fn.Parameters.Length;
        if (fn.Variadic)
        {
            numFixed--;
            if (numIn < numFixed)
                throw Error($"wrong number of args for {name}: want at least {numFixed} got {numIn}");
        }
        else if (numIn != numFixed)
            throw Error($"wrong number of args for {name}: want {numFixed} got {numIn}");
        var argv = new object?[numIn];
        int i = 0;
        for (; i < numFixed && i < args.Count - 1; i++)
            argv[i] = EvalArg(dot, fn.Parameters[i], args[i + 1]);
        if (fn.Variadic)
        {
            var t = fn.Parameters[^1];
            for (; i < args.Count - 1; i++)
                argv[i] = EvalArg(dot, t, args[i + 1]);
        }
        if (final != Missing)
        {
            var t = i < fn.Parameters.Length ? fn.Parameters[i] : fn.Parameters[^1];
            argv[i] = ValidateType(final, t);
        }
        At(node);
        try
        {
            return fn.Body(argv);
        }
        catch (TemplateFunctionException e)
        {
            At(node);
            throw Error($"error calling {name}: {e.Message}");
        }
    }

    private object? EvalArg(object? dot, ParamType type, Node n)
    {
        At(n);
        switch (n)
        {
            case DotNode:
                return ValidateType(dot, type);
            case NilNode:
                if (type is ParamType.Any or ParamType.StringSlice) return null;
                throw Error($"cannot assign nil to {TypeText(type)}");
            case FieldNode f:
                return ValidateType(EvalFieldNode(dot, f, [n], Missing), type);
            case VariableNode v:
                return ValidateType(EvalVariableNode(dot, v, [], Missing), type);
            case PipeNode p:
                return ValidateType(EvalPipeline(dot, p), type);
            case IdentifierNode id:
                return ValidateType(EvalFunction(dot, id, id, [id], Missing), type);
            case ChainNode c:
                return ValidateType(EvalChainNode(dot, c, [], Missing), type);
        }
        switch (type)
        {
            case ParamType.String:
                if (n is StringNode s) return s.Text;
                throw Error($"expected string; found {n}");
            case ParamType.Int:
                if (n is NumberNode num && num.IsInt) return num.Int64;
                throw Error($"expected integer; found {n}");
            case ParamType.Any:
                return EvalEmptyInterface(dot, n);
            default:
                throw Error($"can't handle {n} for arg of type {TypeText(type)}");
        }
    }

    private object? EvalEmptyInterface(object? dot, Node n)
    {
        At(n);
        switch (n)
        {
            case BoolNode b: return b.Value;
            case DotNode: return dot;
            case FieldNode f: return EvalFieldNode(dot, f, [], Missing);
            case IdentifierNode id: return EvalFunction(dot, id, id, [id], Missing);
            case NilNode: throw Error("evalEmptyInterface: nil (can't happen)");
            case NumberNode num: return IdealConstant(num);
            case StringNode s: return s.Text;
            case VariableNode v: return EvalVariableNode(dot, v, [], Missing);
            case PipeNode p: return EvalPipeline(dot, p);
            case ChainNode c: return EvalChainNode(dot, c, [], Missing);
        }
        throw Error($"can't handle assignment of {n} to empty interface argument");
    }

    private static string TypeText(ParamType t) => t switch
    {
        ParamType.String => "string",
        ParamType.Int => "int",
        ParamType.StringSlice => "[]string",
        _ => "interface {}",
    };

    private object? ValidateType(object? value, ParamType type)
    {
        if (value == Missing) value = null;
        if (value is null)
        {
            if (type is ParamType.Any or ParamType.StringSlice) return null;
            throw Error($"invalid value; expected {TypeText(type)}");
        }
        switch (type)
        {
            case ParamType.Any:
                return value;
            case ParamType.String when value is string:
                return value;
            case ParamType.Int when value is long or int:
                return value;
            case ParamType.StringSlice when value is GoSlice { Type.Elem: { Kind: GoKind.String } elem } && elem != GoType.Number:
                return value;
        }
        throw Error($"wrong type for value; expected {TypeText(type)}; got {GoPrinter.TypeName(value)}");
    }

    private void PrintValue(Node n, object? v)
    {
        At(n);
        if (v == Missing || v is null)
        {
            _out.Append("<no value>");
            return;
        }
        _out.Append(GoPrinter.Format(v));
    }

    /// <summary>text/template's isTrue: the value's truth and whether it has one.</summary>
    internal static (bool Truth, bool Ok) IsTrue(object? v) => v switch
    {
        null => (false, true),
        bool b => (b, true),
        long l => (l != 0, true),
        int i => (i != 0, true),
        ulong u => (u != 0, true),
        double d => (d != 0, true),
        string s => (s.Length > 0, true),
        GoNumber n => (n.Literal.Length > 0, true),
        GoSlice s => (s.Count > 0, true),
        GoMap m => (m.Count > 0, true),
        GoNil => (false, true),
        GoDurationValue dur => (dur.Nanoseconds != 0, true),
        _ => (true, true),
    };
}
