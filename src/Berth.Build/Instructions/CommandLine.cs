namespace Berth.Build.Instructions;

/// <summary>The command of RUN, CMD or ENTRYPOINT: exec form (an argv), or shell form (one string the SHELL runs).</summary>
public sealed record CommandLine(IReadOnlyList<string> Args, bool PrependShell);
