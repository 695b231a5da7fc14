namespace Berth.Cli.Values;

/// <summary>The Go kinds the API types use; enough to decode, print and marshal them as the docker CLI does.</summary>
public enum GoKind
{
    Bool,
    Int,
    Uint,
    Float,
    String,
    Slice,
    Array,
    Map,
    Struct,
    Pointer,
    /// <summary>interface{} / any: holds an untyped JSON value.</summary>
    Interface,
    /// <summary>time.Time: printed with its String method, marshalled as RFC 3339.</summary>
    Time,
    /// <summary>time.Duration: an int64 of nanoseconds printed as "1m30s".</summary>
    Duration,
    /// <summary>json.RawMessage / []byte payloads kept as raw JSON text.</summary>
    RawJson,
}
