using Berth.Build.Instructions;
using Berth.Build.Shell;
using Berth.Images.Metadata;
using Berth.Oci.Images;

namespace Berth.Build.Execution;

/// <summary>Where a stage is: its current image and run config, its build args, its variable lexer.</summary>
internal sealed class StageState
{
    public required Stage Stage { get; init; }
    public required BuildArgs Args { get; set; }
    public required ShellLexer Lexer { get; init; }
    /// <summary>The image the next step builds on (null: scratch, nothing committed yet).</summary>
    public ImageRecord? Image { get; set; }
    /// <summary>The full config of <see cref="Image"/> (history, rootfs, platform).</summary>
    public ImageConfig ImageConfig { get; set; } = new();
    /// <summary>The run config being built (Env, Cmd, WorkingDir…).</summary>
    public ContainerConfig RunConfig { get; set; } = new();
    public string Maintainer { get; set; } = "";
    public bool CmdSet { get; set; }
    public string ImageIdText => Image?.Id.ToString() ?? "";

    /// <summary>The variables instructions are expanded with: the stage's ENV, then its build args not overridden by ENV.</summary>
    public VariableList Variables()
    {
        var env = RunConfig.Env ?? [];
        var list = new List<string>(env);
        list.AddRange(Args.FilterAllowed(env));
        return new VariableList(list);
    }

    public string Expand(string word, SourceLocation location)
    {
        try { return Lexer.ProcessWord(word, Variables()); }
        catch (ShellSyntaxException e) { throw BuildException.Invalid(e.Message, location); }
    }

    /// <summary>The shell for shell-form commands: the SHELL instruction's, or /bin/sh -c.</summary>
    public List<string> Shell() => RunConfig.Shell is { Count: > 0 } s ? [.. s] : ["/bin/sh", "-c"];
}
