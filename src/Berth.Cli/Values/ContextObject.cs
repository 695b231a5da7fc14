using System.Text;

namespace Berth.Cli.Values;

/// <summary>
/// Base of the formatter contexts (container, image, volume... rows): named members evaluated on demand, like
/// the docker CLI's methods; {{json .}} marshals every argument-less member, keys sorted.
/// </summary>
public abstract class ContextObject : IGoObject
{
    private Dictionary<string, (int Args, Func<IReadOnlyList<object?>, object?> Body)>? _members;

    public abstract string GoTypeName { get; }

    protected abstract void Define(MemberTable members);

    private Dictionary<string, (int, Func<IReadOnlyList<object?>, object?>)> Members
    {
        get
        {
            if (_members is null)
            {
                var table = new MemberTable();
                Define(table);
                _members = table.Entries;
            }
            return _members;
        }
    }

    public bool TryInvoke(string name, IReadOnlyList<object?> args, out object? result)
    {
        if (Members.TryGetValue(name, out var m))
        {
            result = m.Item2(args);
            return true;
        }
        result = null;
        return false;
    }

    public int ArgumentCount(string name) => Members.TryGetValue(name, out var m) && m.Item1 > 0 ? m.Item1 : -1;

    public virtual void WriteJson(StringBuilder sb, bool escapeHtml)
    {
        sb.Append('{');
        bool first = true;
        foreach (var kv in Members.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            if (kv.Value.Item1 != 0 || kv.Key == "FullHeader") continue;
            if (!first) sb.Append(',');
            first = false;
            GoJson.WriteString(sb, kv.Key, escapeHtml);
            sb.Append(':');
            GoJson.Write(sb, kv.Value.Item2(Array.Empty<object?>()), null, escapeHtml);
        }
        sb.Append('}');
    }

    /// <summary>Member definitions of a context type.</summary>
    public sealed class MemberTable
    {
        internal Dictionary<string, (int, Func<IReadOnlyList<object?>, object?>)> Entries { get; } = new(StringComparer.Ordinal);

        public MemberTable Add(string name, Func<object?> body)
        {
            Entries[name] = (0, _ => body());
            return this;
        }

        public MemberTable Add(string name, int args, Func<IReadOnlyList<object?>, object?> body)
        {
            Entries[name] = (args, body);
            return this;
        }
    }
}
