using Berth.Cli.Parsing;

namespace Berth.Cli.Commands;

/// <summary>`berth completion bash|zsh|fish`: shell scripts that ask `berth __complete` for candidates.</summary>
public static class CompletionCommand
{
    public static CommandSpec Spec()
    {
        var group = new CommandSpec("completion", "Generate the autocompletion script for the specified shell")
        {
            Long = "Generate the autocompletion script for berth for the specified shell.\nSee each sub-command's help for details on how to use the generated script.",
        };
        foreach (var shell in new[] { "bash", "zsh", "fish" })
        {
            group.Add(new CommandSpec(shell, $"Generate the autocompletion script for {shell}", NoDescriptionsFlag)
            {
                HandlerId = "completion " + shell,
                Long = CompletionScripts.Help(shell),
            });
        }
        return group;
    }

    private static FlagSpec[] NoDescriptionsFlag() =>
        [new(FlagKind.Bool, "no-descriptions", '\0', "disable completion descriptions")];

    public static void Register(Dictionary<string, CommandBinding> d)
    {
        foreach (var shell in new[] { "bash", "zsh", "fish" })
        {
            string s = shell;
            d["completion " + s] = new CommandBinding
            {
                Args = ArgsRule.None,
                Handler = ctx =>
                {
                    ctx.Out.Write(CompletionScripts.Script(s, !ctx.Flags.GetBool("no-descriptions")));
                    return 0;
                },
            };
        }
    }
}
