using System.Text;

namespace Berth.Cli.Parsing;

/// <summary>Renders docker's cobra usage template: usage line, description, aliases, options, commands.</summary>
public static class HelpWriter
{
    public static string Render(CommandSpec cmd, string program, int width)
    {
        var sb = new StringBuilder();
        sb.Append("Usage:");
        if (!cmd.HasSubcommands) sb.Append("  ").Append(cmd.UseLine(program));
        else
        {
            sb.Append("  ").Append(cmd.CommandPath(program));
            if (VisibleFlags(cmd).Any()) sb.Append(" [OPTIONS]");
            sb.Append(" COMMAND");
        }
        sb.Append("\n\n");
        sb.Append((cmd.Long ?? cmd.Short).Trim());
        if (cmd.AliasesText is { } aliases)
        {
            sb.Append("\n\nAliases:\n  ").Append(Rebrand(aliases, program));
        }
        else if (cmd.Aliases.Length > 0)
        {
            string parentPath = cmd.Parent is null ? "" : cmd.Parent.CommandPath(program) + " ";
            sb.Append("\n\nAliases:\n  ").Append(cmd.CommandPath(program));
            foreach (var a in cmd.Aliases) sb.Append(", ").Append(parentPath).Append(a);
        }
        if (cmd.Example is { } example)
        {
            sb.Append("\n\nExamples:\n").Append(example);
        }
        if (cmd.Parent is not null && VisibleFlags(cmd).Any())
        {
            sb.Append("\n\nOptions:\n").Append(FlagUsages(VisibleFlags(cmd), width - 1).TrimEnd());
        }
        if (cmd.Parent is null)
        {
            var top = cmd.Subcommands.Where(c => c.CategoryTop > 0 && !c.Hidden).OrderBy(c => c.CategoryTop).ToList();
            if (top.Count > 0)
            {
                sb.Append("\n\nCommon Commands:");
                int pad = NamePadding(cmd);
                foreach (var c in top) sb.Append("\n  ").Append((c.Name + " ").PadRight(pad + 1)).Append(c.Short);
            }
        }
        var management = cmd.Subcommands.Where(c => c.HasSubcommands && !c.Hidden).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        if (management.Count > 0)
        {
            sb.Append("\n\nManagement Commands:");
            int pad = NamePadding(cmd);
            foreach (var c in management) sb.Append("\n  ").Append((c.Name + " ").PadRight(pad + 1)).Append(c.Short);
        }
        var operations = cmd.Subcommands
            .Where(c => !c.HasSubcommands && !c.Hidden && !(cmd.Parent is null && c.CategoryTop > 0))
            .OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        if (operations.Count > 0)
        {
            sb.Append("\n\nCommands:");
            int pad = NamePadding(cmd);
            foreach (var c in operations) sb.Append("\n  ").Append(c.Name.PadRight(pad)).Append(' ').Append(c.Short);
        }
        if (cmd.Parent is null && VisibleFlags(cmd).Any())
        {
            sb.Append("\n\nGlobal Options:\n").Append(FlagUsages(VisibleFlags(cmd), width - 1).TrimEnd());
        }
        if (cmd.HasSubcommands)
        {
            sb.Append("\n\nRun '").Append(cmd.CommandPath(program)).Append(" COMMAND --help' for more information on a command.");
        }
        if (cmd.Parent is null)
        {
            sb.Append("\n\nFor more help on how to use Berth, head to https://docs.docker.com/go/guides/\n");
        }
        sb.Append('\n');
        return sb.ToString();
    }

    /// <summary>"docker container run, docker run" → "berth container run, berth run".</summary>
    public static string Rebrand(string text, string program) =>
        string.Join(", ", text.Split(", ").Select(a => a.StartsWith("docker ", StringComparison.Ordinal) ? program + a[6..] : a));

    private static IEnumerable<FlagSpec> VisibleFlags(CommandSpec cmd) => cmd.Flags.Where(f => !f.Hidden);

    /// <summary>cobra's NamePadding: the longest sibling name, at least 11.</summary>
    private static int NamePadding(CommandSpec parent)
    {
        int max = 11;
        foreach (var c in parent.Subcommands)
            if (!c.Hidden) max = Math.Max(max, c.Name.Length);
        return max;
    }

    /// <summary>pflag's FlagUsagesWrapped: aligned "-x, --name type   usage (default ...)" lines wrapped at cols.</summary>
    public static string FlagUsages(IEnumerable<FlagSpec> flags, int cols)
    {
        var lines = new List<string>();
        int maxlen = 0;
        foreach (var f in flags.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            string line = f.Shorthand != '\0' ? $"  -{f.Shorthand}, --{f.Name}" : $"      --{f.Name}";
            string varname = f.TypeName;
            if (varname.Length > 0) line += " " + varname;
            line += "\0";
            if (line.Length > maxlen) maxlen = line.Length;
            line += f.Usage;
            if (f.DefaultText is { } def)
                line += f.Kind == FlagKind.String ? $" (default {Formatting.GoStrings.Quote(def)})" : $" (default {def})";
            if (f.Deprecated is { } dep) line += $" (DEPRECATED: {dep})";
            lines.Add(line);
        }
        var sb = new StringBuilder();
        foreach (var line in lines)
        {
            int sidx = line.IndexOf('\0');
            string spacing = new(' ', maxlen - sidx);
            sb.Append(line[..sidx]).Append(' ').Append(spacing).Append(' ').Append(Wrap(maxlen + 2, cols, line[(sidx + 1)..])).Append('\n');
        }
        return sb.ToString();
    }

    private static string Wrap(int i, int w, string s)
    {
        if (w == 0) return s.Replace("\n", "\n" + new string(' ', i));
        int wrap = w - i;
        string r = "";
        if (wrap < 24)
        {
            i = 16;
            wrap = w - i;
            r += "\n" + new string(' ', i);
        }
        if (wrap < 24) return s.Replace("\n", r);
        const int slop = 5;
        wrap -= slop;
        var (l, rest) = WrapN(wrap, slop, s);
        r += l.Replace("\n", "\n" + new string(' ', i));
        s = rest;
        while (s.Length > 0)
        {
            (l, s) = WrapN(wrap, slop, s);
            r += "\n" + new string(' ', i) + l.Replace("\n", "\n" + new string(' ', i));
        }
        return r;
    }

    private static (string, string) WrapN(int i, int slop, string s)
    {
        if (i + slop > s.Length) return (s, "");
        int w = s.AsSpan(0, i).LastIndexOfAny(" \t\n");
        if (w <= 0) return (s, "");
        int nl = s.AsSpan(0, i).LastIndexOf('\n');
        if (nl > 0 && nl < w) return (s[..nl], s[(nl + 1)..]);
        return (s[..w], s[(w + 1)..]);
    }
}
