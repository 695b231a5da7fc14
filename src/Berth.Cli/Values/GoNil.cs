namespace Berth.Cli.Values;

/// <summary>A typed nil pointer: prints "&lt;nil&gt;" (an untyped nil interface is C# null and prints "&lt;no value&gt;").</summary>
public sealed class GoNil(GoType type)
{
    public GoType Type { get; } = type;
}
