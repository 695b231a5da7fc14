namespace Berth.Cli.Parsing;

/// <summary>One command-line flag: names, value kind, help text and default, like a pflag.Flag.</summary>
public sealed class FlagSpec
{
    public FlagSpec(FlagKind kind, string name, char shorthand, string usage, string? defaultText = null)
    {
        Kind = kind;
        Name = name;
        Shorthand = shorthand;
        Usage = usage;
        DefaultText = defaultText;
    }

    public FlagKind Kind { get; }
    public string Name { get; }
    /// <summary>'\0' when the flag has no one-letter form.</summary>
    public char Shorthand { get; }
    public string Usage { get; }
    /// <summary>The default as pflag prints it after "(default ...)"; null when the default is the zero value.</summary>
    public string? DefaultText { get; }
    public bool Hidden { get; init; }
    /// <summary>Set when the flag is deprecated; pflag prints "Flag --x has been deprecated, MESSAGE".</summary>
    public string? Deprecated { get; init; }
    /// <summary>Another flag whose value this one shares (e.g. --net is --network).</summary>
    public string? SameAs { get; init; }
    /// <summary>Checks and normalises a value as docker's opts validators do; throws FlagValueException.</summary>
    public Func<string, string>? Validator { get; set; }

    public bool IsBool => Kind == FlagKind.Bool;

    public bool IsRepeated => Kind is FlagKind.List or FlagKind.StringSlice or FlagKind.Map or FlagKind.Ulimit
        or FlagKind.Mount or FlagKind.Filter or FlagKind.Network or FlagKind.GpuRequest;

    /// <summary>The name shown in "invalid argument" errors: "-m, --memory" or "--name".</summary>
    public string DisplayName => Shorthand != '\0' ? $"-{Shorthand}, --{Name}" : $"--{Name}";

    /// <summary>The type word printed in help (pflag's UnquoteUsage).</summary>
    public string TypeName => Kind switch
    {
        FlagKind.Bool => "",
        FlagKind.String => "string",
        FlagKind.Int => "int",
        FlagKind.Uint16 => "uint16",
        FlagKind.Uint64 => "uint",
        FlagKind.Float => "float",
        FlagKind.Duration => "duration",
        FlagKind.List => "list",
        FlagKind.StringSlice => "strings",
        FlagKind.Map => "map",
        FlagKind.Bytes => "bytes",
        FlagKind.Decimal => "decimal",
        FlagKind.Ulimit => "ulimit",
        FlagKind.Mount => "mount",
        FlagKind.Filter => "filter",
        FlagKind.Network => "network",
        FlagKind.GpuRequest => "gpu-request",
        _ => "",
    };

    /// <summary>The initial value of a scalar flag (the Go default).</summary>
    public string InitialScalar => DefaultText ?? Kind switch
    {
        FlagKind.Bool => "false",
        FlagKind.Int or FlagKind.Uint16 or FlagKind.Uint64 or FlagKind.Float or FlagKind.Bytes or FlagKind.Decimal => "0",
        FlagKind.Duration => "0s",
        _ => "",
    };
}
