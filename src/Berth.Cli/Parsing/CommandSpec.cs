namespace Berth.Cli.Parsing;

/// <summary>A command of the tree (like a cobra.Command): its names, help texts, flags, arguments and handler.</summary>
public sealed class CommandSpec
{
    private FlagSpec[]? _flags;
    private readonly List<CommandSpec> _subcommands = new();

    public CommandSpec(string use, string shortText, Func<FlagSpec[]>? flags = null)
    {
        Use = use;
        int space = use.IndexOf(' ');
        Name = space < 0 ? use : use[..space];
        Short = shortText;
        FlagFactory = flags;
    }

    public string Name { get; }
    /// <summary>The usage line after the parent's path, e.g. "run [OPTIONS] IMAGE [COMMAND] [ARG...]".</summary>
    public string Use { get; }
    public string Short { get; }
    public string? Long { get; init; }
    /// <summary>docker's "aliases" annotation, written with "docker"; help prints it with the program name.</summary>
    public string? AliasesText { get; init; }
    /// <summary>Other names the parent finds this command by (cobra Aliases).</summary>
    public string[] Aliases { get; init; } = [];
    /// <summary>Position in the root help's "Common Commands" (docker's category-top annotation).</summary>
    public int CategoryTop { get; init; }
    public bool Hidden { get; init; }
    public bool Interspersed { get; set; } = true;
    public ArgsRule Args { get; set; } = ArgsRule.Any;
    public Func<FlagSpec[]>? FlagFactory { get; }
    public CommandHandler? Handler { get; set; }
    /// <summary>The canonical id the handler is registered under ("container run" for both run forms).</summary>
    public string? HandlerId { get; init; }
    public CommandSpec? Parent { get; private set; }
    public string? Example { get; init; }

    public IReadOnlyList<CommandSpec> Subcommands => _subcommands;
    public bool HasSubcommands => _subcommands.Count > 0;

    /// <summary>Hidden flags added by the hand-written binding.</summary>
    public Func<FlagSpec[]>? ExtraFlags { get; set; }
    /// <summary>Attaches validators to the flags once they are created.</summary>
    public Action<FlagSpec[]>? Configure { get; set; }

    public FlagSpec[] Flags
    {
        get
        {
            if (_flags is not null) return _flags;
            var flags = FlagFactory?.Invoke() ?? [];
            if (ExtraFlags is not null) flags = [.. flags, .. ExtraFlags()];
            Configure?.Invoke(flags);
            return _flags = flags;
        }
    }

    public CommandSpec Add(params CommandSpec[] children)
    {
        foreach (var child in children)
        {
            child.Parent = this;
            _subcommands.Add(child);
        }
        return this;
    }

    public CommandSpec? FindSubcommand(string name)
    {
        foreach (var sub in _subcommands)
        {
            if (sub.Name == name || Array.IndexOf(sub.Aliases, name) >= 0)
                return sub;
        }
        return null;
    }

    /// <summary>"berth container run": the names from the root down.</summary>
    public string CommandPath(string program)
    {
        if (Parent is null) return program;
        return Parent.CommandPath(program) + " " + Name;
    }

    /// <summary>cobra's UseLine with DisableFlagsInUseLine: the parent's path then Use.</summary>
    public string UseLine(string program) => Parent is null ? ProgramUse(program) : Parent.CommandPath(program) + " " + Use;

    private string ProgramUse(string program) => program + Use[Name.Length..];

    public FlagSpec? FindFlag(string name)
    {
        foreach (var f in Flags)
            if (f.Name == name) return f;
        return null;
    }

    public FlagSpec? FindShorthand(char c)
    {
        foreach (var f in Flags)
            if (f.Shorthand == c) return f;
        return null;
    }
}
