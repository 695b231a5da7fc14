namespace Berth.IntegrationTests.Cli;

/// <summary>One command of a scripted session, run by both CLIs; Stderr false for steps whose stderr legitimately differs.</summary>
public sealed record SessionStep(string[] Args, string? Stdin = null, bool Stderr = true, bool Stdout = true)
{
    public override string ToString() => string.Join(" ", Args);
}
