namespace Berth.Build.Shell;

/// <summary>A word the builder could not expand (unterminated quote, bad substitution, <c>${x?}</c> on an unset x).</summary>
public sealed class ShellSyntaxException(string message) : Exception(message);
