using Berth.Cli.Client;
using Berth.Cli.Commands;
using Berth.Cli.Parsing;
using Berth.Linux.Terminal;

namespace Berth.Cli;

/// <summary>
/// The entry point: global options, command lookup, flag parsing, help, and the mapping of errors to
/// Docker's messages and exit codes (125 for bad flags, 1 for other errors, the container's status for run).
/// </summary>
public static class CliApplication
{
    public static int Run(string[] args) => Run(args, CliIO.Process());

    public static int Run(string[] args, CliIO io)
    {
        var root = CommandTree.Build();
        var options = new GlobalOptions();
        using var cli = new CliContext(io, options);
        try
        {
            return Dispatch(cli, root, args);
        }
        catch (CliException e)
        {
            FlushQuietly(cli);
            if (e.Message.Length > 0) cli.Err.WriteLine(e.Message);
            return e.ExitCode;
        }
        catch (IOException) when (StdoutClosed(cli))
        {
            return 1;
        }
        finally
        {
            FlushQuietly(cli);
        }
    }

    private static bool StdoutClosed(CliContext cli)
    {
        try
        {
            cli.Out.Flush();
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static void FlushQuietly(CliContext cli)
    {
        try
        {
            cli.Out.Flush();
        }
        catch (IOException)
        {
        }
    }

    private static int HelpWidth(CliContext cli)
    {
        if (cli.IO.StdinFd >= 0 && Tty.TryGetSize(0, out _, out ushort cols) && cols > 0) return cols;
        return 80;
    }

    private static int Dispatch(CliContext cli, CommandSpec root, string[] args)
    {
        string program = CliContext.Program;
        if (args.Length > 0 && args[0] is "__complete" or "__completeNoDesc")
            return Completer.Complete(cli, root, args[1..], args[0] == "__complete");
        ParseResult global;
        try
        {
            global = FlagParser.Parse(root, args);
        }
        catch (FlagParseException e)
        {
            throw FlagError(root, e, program);
        }
        foreach (var w in global.Warnings) cli.Err.WriteLine(w);
        ApplyGlobal(cli.Options, global.Flags);
        if (global.Flags.GetBool("version"))
        {
            cli.Out.WriteLine($"Berth version {CliVersion.Version}, build {CliVersion.GitCommit}");
            return 0;
        }
        var rest = global.Args;
        if (global.HelpRequested)
        {
            cli.Out.Write(HelpWriter.Render(root, program, HelpWidth(cli)));
            return 0;
        }
        if (rest.Count == 0)
        {
            cli.Err.Write(HelpWriter.Render(root, program, HelpWidth(cli)));
            return 0;
        }
        if (rest[0] == "help")
            return HelpCommand(cli, root, rest.Skip(1).ToList());

        var current = root;
        int i = 0;
        while (current.HasSubcommands && i < rest.Count)
        {
            string name = rest[i];
            if (name.StartsWith('-') && name.Length > 1) break;
            var sub = current.FindSubcommand(name);
            if (sub is null) throw UnknownCommand(current, name, program);
            current = sub;
            i++;
        }
        var commandArgs = rest.GetRange(i, rest.Count - i);
        ParseResult parsed;
        try
        {
            parsed = FlagParser.Parse(current, commandArgs);
        }
        catch (FlagParseException e)
        {
            throw FlagError(current, e, program);
        }
        foreach (var w in parsed.Warnings) cli.Err.WriteLine(w);
        if (parsed.HelpRequested)
        {
            cli.Out.Write(HelpWriter.Render(current, program, HelpWidth(cli)));
            return 0;
        }
        if (current.HasSubcommands)
        {
            if (parsed.Args.Count > 0) throw UnknownCommand(current, parsed.Args[0], program);
            cli.Err.Write(HelpWriter.Render(current, program, HelpWidth(cli)));
            return 0;
        }
        CheckArgs(current, parsed.Args, program);
        if (current.Handler is null)
            throw new CliException($"{program}: '{current.CommandPath(program)}' is not implemented yet");
        var context = new CommandContext(cli, current, parsed.Flags, parsed.Args, parsed.ArgsLenAtDash);
        return current.Handler(context);
    }

    private static void ApplyGlobal(GlobalOptions options, FlagValues flags)
    {
        options.Hosts.AddRange(flags.GetList("host"));
        if (flags.Changed("config")) options.ConfigDir = flags.GetString("config");
        options.Debug = flags.GetBool("debug");
        options.LogLevel = flags.GetString("log-level");
        if (flags.Changed("context")) options.Context = flags.GetString("context");
        options.Tls = flags.GetBool("tls");
        options.TlsVerify = flags.GetBool("tlsverify");
        if (options.Tls || options.TlsVerify)
            throw new CliException("TLS connections are not supported by berth yet; use a unix socket or plain tcp://");
        if (options.Context is { } ctx && ctx != "default")
            throw new CliException($"context {Formatting.GoStrings.Quote(ctx)} does not exist: berth knows only the default context");
    }

    private static int HelpCommand(CliContext cli, CommandSpec root, List<string> args)
    {
        var current = root;
        foreach (var name in args)
        {
            var sub = current.FindSubcommand(name);
            if (sub is null) throw new CliException($"unknown help topic: {string.Join(" ", args)}");
            current = sub;
        }
        cli.Out.Write(HelpWriter.Render(current, CliContext.Program, HelpWidth(cli)));
        return 0;
    }

    private static string SuggestionBlock(string? suggestion) =>
        suggestion is null ? "" : $"\n\nDid you mean this?\n\t{suggestion}";

    private static CliException UnknownCommand(CommandSpec parent, string name, string program)
    {
        var names = parent.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name));
        string suggestion = SuggestionBlock(Suggest.Nearest(name, names));
        if (parent.Parent is null)
            return new CliException($"{program}: unknown command: {program} {name}{suggestion}\n\nRun '{program} --help' for more information");
        return new CliException(
            $"{program}: unknown command: {parent.CommandPath(program)} {name}{suggestion}\n\nUsage:  {parent.UseLine(program)}\n\nRun '{parent.CommandPath(program)} --help' for more information");
    }

    private static CliException FlagError(CommandSpec cmd, FlagParseException e, string program) =>
        new($"{e.Message}{SuggestionBlock(e.Suggestion)}\n\nUsage:  {cmd.UseLine(program)}\n\nRun '{cmd.CommandPath(program)} --help' for more information", 125);

    private static void CheckArgs(CommandSpec cmd, List<string> args, string program)
    {
        var rule = cmd.Args;
        int n = args.Count;
        string path = cmd.CommandPath(program);
        string use = cmd.UseLine(program);
        static string Plural(string word, int count) => count == 1 ? word : word + "s";
        if (rule.Min == 0 && rule.Max == 0 && n > 0)
            throw new CliException($"{program}: '{path}' accepts no arguments\n\nUsage:  {use}\n\nRun '{path} --help' for more information");
        if (rule.Min == rule.Max && n != rule.Min)
            throw new CliException($"{program}: '{path}' requires {rule.Min} {Plural("argument", rule.Min)}\n\nUsage:  {use}\n\nRun '{path} --help' for more information");
        if (rule.Max == int.MaxValue && n < rule.Min)
            throw new CliException($"{program}: '{path}' requires at least {rule.Min} {Plural("argument", rule.Min)}\n\nUsage:  {use}\n\nSee '{path} --help' for more information");
        if (rule.Min == 0 && rule.Max != int.MaxValue && n > rule.Max)
            throw new CliException($"{program}: '{path}' requires at most {rule.Max} {Plural("argument", rule.Max)}\n\nUsage:  {use}\n\nRun '{path} --help' for more information");
        if (rule.Min != rule.Max && rule.Max != int.MaxValue && rule.Min > 0 && (n < rule.Min || n > rule.Max))
            throw new CliException($"{program}: '{path}' requires at least {rule.Min} and at most {rule.Max} {Plural("argument", rule.Max)}\n\nUsage:  {use}\n\nRun '{path} --help' for more information");
    }
}
