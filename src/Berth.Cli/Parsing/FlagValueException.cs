namespace Berth.Cli.Parsing;

/// <summary>A flag value a validator refused; the parser wraps it as pflag does ("invalid argument ... for ... flag: MESSAGE").</summary>
public sealed class FlagValueException(string message) : Exception(message);
