namespace Berth.Cli.Parsing;

/// <summary>How many positional arguments a command takes (docker's cli.NoArgs, ExactArgs, RequiresMinArgs...).</summary>
public readonly record struct ArgsRule(int Min, int Max)
{
    public static readonly ArgsRule Any = new(0, int.MaxValue);
    public static readonly ArgsRule None = new(0, 0);
    public static ArgsRule Exact(int n) => new(n, n);
    public static ArgsRule AtLeast(int n) => new(n, int.MaxValue);
    public static ArgsRule AtMost(int n) => new(0, n);
    public static ArgsRule Range(int min, int max) => new(min, max);
}
