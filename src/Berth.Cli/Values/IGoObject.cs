using System.Text;

namespace Berth.Cli.Values;

/// <summary>
/// A value with Go methods, like the docker CLI's formatter contexts (ContainerContext.ID(), .Label "x"):
/// templates call its members; {{json .}} marshals every method without arguments, keys sorted.
/// </summary>
public interface IGoObject
{
    /// <summary>The type name Go prints in template errors, e.g. "*formatter.ContainerContext".</summary>
    string GoTypeName { get; }

    /// <summary>Calls a method or reads a field; false when the object has no member of that name.</summary>
    bool TryInvoke(string name, IReadOnlyList<object?> args, out object? result);

    /// <summary>How many arguments the member takes (-1 when unknown): templates report wrong counts as Go does.</summary>
    int ArgumentCount(string name);

    void WriteJson(StringBuilder sb, bool escapeHtml);
}
