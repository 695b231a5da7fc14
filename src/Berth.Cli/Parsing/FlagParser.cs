using Berth.Cli.Formatting;
using Berth.Cli.Options;

namespace Berth.Cli.Parsing;

/// <summary>
/// Parses a command's flags the way spf13/pflag does under cobra: "--flag value", "--flag=value", "-abc" bool
/// groups, "-p80" and "-p=80", "--" ends flags, and for non-interspersed commands the first positional argument
/// ends flag parsing (docker run IMAGE --flags-for-the-container).
/// </summary>
public static class FlagParser
{
    public static ParseResult Parse(CommandSpec command, IReadOnlyList<string> arguments)
    {
        var specs = command.Flags;
        var values = new FlagValues(specs);
        var positional = new List<string>();
        var warnings = new List<string>();
        bool help = false;
        int argsLenAtDash = -1;
        int i = 0;
        while (i < arguments.Count)
        {
            string s = arguments[i++];
            if (s.Length < 2 || s[0] != '-')
            {
                positional.Add(s);
                if (!command.Interspersed)
                {
                    for (; i < arguments.Count; i++) positional.Add(arguments[i]);
                    break;
                }
                continue;
            }
            if (s[1] == '-')
            {
                if (s.Length == 2)
                {
                    argsLenAtDash = positional.Count;
                    for (; i < arguments.Count; i++) positional.Add(arguments[i]);
                    break;
                }
                ParseLong(command, s, arguments, ref i, values, warnings, ref help);
            }
            else
            {
                string shorthands = s[1..];
                while (shorthands.Length > 0)
                    shorthands = ParseShort(command, shorthands, arguments, ref i, values, warnings, ref help);
            }
        }
        return new ParseResult(values, positional, help, warnings, argsLenAtDash);
    }

    private static void ParseLong(CommandSpec command, string s, IReadOnlyList<string> arguments, ref int i,
        FlagValues values, List<string> warnings, ref bool help)
    {
        string name = s[2..];
        if (name.Length == 0 || name[0] == '-' || name[0] == '=')
            throw new FlagParseException($"bad flag syntax: {s}");
        string? inline = null;
        int eq = name.IndexOf('=');
        if (eq >= 0)
        {
            inline = name[(eq + 1)..];
            name = name[..eq];
        }
        var spec = command.FindFlag(name);
        if (spec is null || name == "help")
        {
            if (name == "help")
            {
                help = inline is null || (GoParse.ParseBool(inline) ?? true);
                return;
            }
            throw new FlagParseException($"unknown flag: --{name}", Suggest.Nearest(name, FlagNames(command))?.Insert(0, "--"));
        }
        string value;
        if (inline is not null) value = inline;
        else if (spec.IsBool) value = "true";
        else if (i < arguments.Count) value = arguments[i++];
        else throw new FlagParseException($"flag needs an argument: {s}");
        if (spec.Deprecated is not null)
            warnings.Add($"Flag --{spec.Name} has been deprecated, {spec.Deprecated}");
        Set(spec, value, values);
    }

    private static string ParseShort(CommandSpec command, string shorthands, IReadOnlyList<string> arguments, ref int i,
        FlagValues values, List<string> warnings, ref bool help)
    {
        char c = shorthands[0];
        string rest = shorthands[1..];
        var spec = command.FindShorthand(c);
        if (spec is null)
        {
            if (c == 'h')
            {
                warnings.Add("Flag shorthand -h has been deprecated, use --help");
                help = true;
                return rest;
            }
            throw new FlagParseException($"unknown shorthand flag: {GoStrings.QuoteRune(c)} in -{shorthands}");
        }
        string value;
        if (shorthands.Length > 2 && shorthands[1] == '=')
        {
            value = shorthands[2..];
            rest = "";
        }
        else if (spec.IsBool) value = "true";
        else if (shorthands.Length > 1)
        {
            value = shorthands[1..];
            rest = "";
        }
        else if (i < arguments.Count) value = arguments[i++];
        else throw new FlagParseException($"flag needs an argument: {GoStrings.QuoteRune(c)} in -{shorthands}");
        if (spec.Deprecated is not null)
            warnings.Add($"Flag --{spec.Name} has been deprecated, {spec.Deprecated}");
        Set(spec, value, values);
        return rest;
    }

    private static IEnumerable<string> FlagNames(CommandSpec command)
    {
        foreach (var f in command.Flags)
            if (!f.Hidden) yield return f.Name;
        yield return "help";
    }

    private static void Set(FlagSpec spec, string value, FlagValues values)
    {
        try
        {
            if (spec.Kind == FlagKind.StringSlice)
            {
                foreach (var part in Csv.SplitLine(value))
                    values.Append(spec, spec.Validator is null ? part : spec.Validator(part));
                return;
            }
            string normalized = FlagValueChecks.Check(spec, value);
            if (spec.IsRepeated) values.Append(spec, normalized);
            else values.SetScalar(spec, normalized);
        }
        catch (FlagValueException e)
        {
            throw new FlagParseException($"invalid argument {GoStrings.Quote(value)} for {GoStrings.Quote(spec.DisplayName)} flag: {e.Message}");
        }
    }
}
