using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>A row of `berth diff` (docker's diffContext): change type letter and path.</summary>
public sealed class DiffContext(GoStruct c) : ContextObject
{
    public override string GoTypeName => "*container.diffContext";

    public static readonly IReadOnlyDictionary<string, string> Header = new Dictionary<string, string>
    {
        ["Type"] = "CHANGE TYPE", ["Path"] = "PATH",
    };

    protected override void Define(MemberTable m)
    {
        m.Add("Type", () => c.Int("Kind") switch { 0 => "C", 1 => "A", 2 => "D", _ => "" });
        m.Add("Path", () => c.Str("Path"));
    }
}
