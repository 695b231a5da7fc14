namespace Berth.Build.Parsing;

/// <summary>One <c>key=value</c> of ENV or LABEL as written (quotes still in place); <see cref="HasDelimiter"/> is false for the legacy <c>ENV key value</c> form.</summary>
public sealed record KeyValueArg(string Key, string Value, bool HasDelimiter);
