namespace Berth.Cli.Parsing;

/// <summary>How a flag's value is parsed and stored; mirrors the pflag value types the docker CLI uses.</summary>
public enum FlagKind
{
    Bool,
    String,
    /// <summary>int / int64: Go's strconv.ParseInt with base 0.</summary>
    Int,
    Uint16,
    Uint64,
    Float,
    Duration,
    /// <summary>docker's ListOpts: repeated flag, one value each.</summary>
    List,
    /// <summary>pflag stringSlice: repeated flag, each value split as CSV.</summary>
    StringSlice,
    /// <summary>docker's MapOpts: repeated key=value.</summary>
    Map,
    /// <summary>MemBytes: "512m" style sizes.</summary>
    Bytes,
    /// <summary>NanoCPUs: a decimal number of CPUs.</summary>
    Decimal,
    Ulimit,
    Mount,
    Filter,
    Network,
    GpuRequest,
}
