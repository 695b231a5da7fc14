using System.Text.RegularExpressions;
using Berth.Build.Formatting;
using Berth.Build.Parsing;

namespace Berth.Build.Instructions;

/// <summary>
/// Turns parsed nodes into typed instructions and stages (the reference's instruction sections): checks argument
/// counts and flags, splits stages at FROM, keeps ARGs before the first FROM as global. Errors carry the location.
/// </summary>
public static partial class InstructionParser
{
    public static BuildPlan Parse(DockerfileDocument document)
    {
        var metaArgs = new List<ArgInstruction>();
        var stages = new List<Stage>();
        foreach (var node in document.Nodes)
        {
            var instruction = ParseInstruction(node);
            if (instruction is FromInstruction from)
            {
                if (from.StageName is { } name && stages.Any(s => s.Name == name))
                    throw BuildException.Invalid($"duplicate stage name \"{from.StageNameAsWritten}\"", node.Location);
                stages.Add(new Stage { From = from, Index = stages.Count });
                continue;
            }
            if (stages.Count == 0)
            {
                if (instruction is ArgInstruction arg)
                {
                    metaArgs.Add(arg);
                    continue;
                }
                throw BuildException.Invalid($"{node.Upper} before the first FROM: a Dockerfile must start with FROM (only ARG may come before it)", node.Location);
            }
            stages[^1].Instructions.Add(instruction);
        }
        if (stages.Count == 0)
            throw BuildException.Invalid("no build stage in current context: the Dockerfile has no FROM", document.Nodes[^1].Location);
        return new BuildPlan { Document = document, MetaArgs = metaArgs, Stages = stages };
    }

    /// <summary>One instruction; an ONBUILD trigger is parsed again this way when a later build uses the image.</summary>
    public static Instruction ParseInstruction(DockerfileNode node)
    {
        try
        {
            return Dispatch(node);
        }
        catch (BuildException e)
        {
            throw e.At(node.Location);
        }
    }

    private static Instruction Dispatch(DockerfileNode n) => n.Keyword switch
    {
        "from" => ParseFrom(n),
        "arg" => ParseArg(n),
        "env" => ParseEnv(n),
        "label" => ParseLabel(n),
        "maintainer" => ParseMaintainer(n),
        "run" => ParseRun(n),
        "cmd" => new CmdInstruction { Keyword = n.Keyword, Source = Src(n), Location = n.Location, Node = n, Command = NoFlags(n, CommandOf(n, false)) },
        "entrypoint" => new EntrypointInstruction { Keyword = n.Keyword, Source = Src(n), Location = n.Location, Node = n, Command = NoFlags(n, CommandOf(n, true)) },
        "shell" => ParseShell(n),
        "workdir" => new WorkdirInstruction { Keyword = n.Keyword, Source = Src(n), Location = n.Location, Node = n, Path = NoFlags(n, Exactly1(n, "WORKDIR")) },
        "user" => new UserInstruction { Keyword = n.Keyword, Source = Src(n), Location = n.Location, Node = n, User = NoFlags(n, Exactly1(n, "USER")) },
        "stopsignal" => new StopSignalInstruction { Keyword = n.Keyword, Source = Src(n), Location = n.Location, Node = n, Signal = NoFlags(n, Exactly1(n, "STOPSIGNAL")) },
        "volume" => ParseVolume(n),
        "expose" => ParseExpose(n),
        "healthcheck" => ParseHealthcheck(n),
        "onbuild" => ParseOnbuild(n),
        "copy" or "add" => ParseCopy(n),
        _ => throw BuildException.Invalid($"unknown instruction: {n.Keyword.ToUpperInvariant()}", n.Location),
    };

    private static string Src(DockerfileNode n) => n.Original.Trim();

    private static T NoFlags<T>(DockerfileNode n, T value)
    {
        new BuilderFlags(n.Flags).Parse();
        return value;
    }

    private static string Exactly1(DockerfileNode n, string name) =>
        n.Args.Count == 1 ? n.Args[0] : throw BuildException.Invalid($"{name} requires exactly one argument");

    private static CommandLine CommandOf(DockerfileNode n, bool emptyAsNil)
    {
        IReadOnlyList<string> args = n.Args.Count == 0 ? [] : n.IsJson ? n.Args : [string.Join(' ', n.Args)];
        return new CommandLine(args, !n.IsJson);
    }

    [GeneratedRegex(@"^[a-z][a-z0-9\-_\.]*$")]
    private static partial Regex StageNamePattern();

    private static FromInstruction ParseFrom(DockerfileNode n)
    {
        var flags = new BuilderFlags(n.Flags).String("platform");
        string? stageName = null, asWritten = null;
        var args = n.Args;
        if (args.Count == 3 && args[1].Equals("as", StringComparison.OrdinalIgnoreCase))
        {
            asWritten = args[2];
            stageName = args[2].ToLowerInvariant();
            if (!StageNamePattern().IsMatch(stageName))
                throw BuildException.Invalid($"invalid name for build stage: \"{args[2]}\", name can't start with a number or contain symbols");
        }
        else if (args.Count != 1)
        {
            throw BuildException.Invalid("FROM requires either one or three arguments");
        }
        flags.Parse();
        return new FromInstruction
        {
            Keyword = n.Keyword, Source = Src(n), Location = n.Location, Node = n,
            BaseName = args[0], StageName = stageName, StageNameAsWritten = asWritten, Platform = flags.GetString("platform"),
        };
    }

    private static ArgInstruction ParseArg(DockerfileNode n)
    {
        if (n.Args.Count == 0) throw BuildException.Invalid("ARG requires at least one argument");
        new BuilderFlags(n.Flags).Parse();
        var defs = new List<ArgDefinition>();
        foreach (var a in n.Args)
        {
            int eq = a.IndexOf('=');
            if (eq == 0) throw BuildException.Invalid("ARG names can not be blank");
            defs.Add(eq < 0 ? new ArgDefinition(a, null) : new ArgDefinition(a[..eq], a[(eq + 1)..]));
        }
        return new ArgInstruction { Keyword = n.Keyword, Source = Src(n), Location = n.Location, Node = n, Args = defs };
    }

    private static IReadOnlyList<KeyValueArg> Pairs(DockerfileNode n, string name)
    {
        if (n.KeyValues.Count == 0) throw BuildException.Invalid($"{name} requires at least one argument");
        foreach (var kv in n.KeyValues)
            if (kv.Key.Length == 0) throw BuildException.Invalid($"{name} names can not be blank");
        new BuilderFlags(n.Flags).Parse();
        return n.KeyValues;
    }

    private static EnvInstruction ParseEnv(DockerfileNode n) =>
        new() { Keyword = n.Keyword, Source = Src(n), Location = n.Location, Node = n, Pairs = Pairs(n, "ENV") };

    private static LabelInstruction ParseLabel(DockerfileNode n) =>
        new() { Keyword = n.Keyword, Source = Src(n), Location = n.Location, Node = n, Pairs = Pairs(n, "LABEL") };

    private static MaintainerInstruction ParseMaintainer(DockerfileNode n)
    {
        if (n.Args.Count != 1) throw BuildException.Invalid("MAINTAINER requires exactly one argument");
        new BuilderFlags(n.Flags).Parse();
        return new MaintainerInstruction { Keyword = n.Keyword, Source = Src(n), Location = n.Location, Node = n, Maintainer = n.Args[0] };
    }

    private static RunInstruction ParseRun(DockerfileNode n)
    {
        var flags = new BuilderFlags(n.Flags).List("mount").String("network").String("security").List("device");
        flags.Parse();
        if (flags.GetString("network") is { } net && net is not ("default" or "none" or "host"))
            throw BuildException.Invalid($"unsupported network mode \"{net}\": expected default, none or host");
        if (flags.GetString("security") is { } sec && sec is not ("sandbox" or "insecure"))
            throw BuildException.Invalid($"unsupported security mode \"{sec}\": expected sandbox or insecure");
        if (flags.GetList("device").Count > 0)
            throw new BuildException(BuildErrorKind.NotImplemented, "RUN --device is not supported (CDI devices are not available to builds)");
        var command = CommandOf(n, false);
        if (command.Args.Count == 0 && n.Heredocs.Count == 0) throw BuildException.Invalid("RUN requires at least one argument");
        foreach (var m in flags.GetList("mount")) RunMountParser.Validate(m);
        return new RunInstruction
        {
            Keyword = n.Keyword, Source = Src(n), Location = n.Location, Node = n, Command = command,
            Mounts = flags.GetList("mount"), Network = flags.GetString("network"), Security = flags.GetString("security"),
        };
    }

    private static ShellInstruction ParseShell(DockerfileNode n)
    {
        new BuilderFlags(n.Flags).Parse();
        if (n.Args.Count == 0) throw BuildException.Invalid("SHELL requires at least one argument");
        if (!n.IsJson) throw BuildException.Invalid($"SHELL requires the arguments to be in JSON form");
        return new ShellInstruction { Keyword = n.Keyword, Source = Src(n), Location = n.Location, Node = n, Shell = n.Args };
    }

    private static VolumeInstruction ParseVolume(DockerfileNode n)
    {
        if (n.Args.Count == 0) throw BuildException.Invalid("VOLUME requires at least one argument");
        new BuilderFlags(n.Flags).Parse();
        var list = new List<string>();
        foreach (var v in n.Args)
        {
            string t = v.Trim();
            if (t.Length == 0) throw BuildException.Invalid("VOLUME specified can not be an empty string");
            list.Add(t);
        }
        return new VolumeInstruction { Keyword = n.Keyword, Source = Src(n), Location = n.Location, Node = n, Volumes = list };
    }

    private static ExposeInstruction ParseExpose(DockerfileNode n)
    {
        if (n.Args.Count == 0) throw BuildException.Invalid("EXPOSE requires at least one argument");
        new BuilderFlags(n.Flags).Parse();
        var ports = n.Args.ToList();
        ports.Sort(StringComparer.Ordinal);
        return new ExposeInstruction { Keyword = n.Keyword, Source = Src(n), Location = n.Location, Node = n, Ports = ports };
    }

    private static HealthcheckInstruction ParseHealthcheck(DockerfileNode n)
    {
        if (n.Args.Count == 0) throw BuildException.Invalid("HEALTHCHECK requires at least one argument");
        string type = n.Args[0].ToUpperInvariant();
        var rest = n.Args.Skip(1).ToList();
        if (type == "NONE")
        {
            if (rest.Count != 0) throw BuildException.Invalid("HEALTHCHECK NONE takes no arguments");
            new BuilderFlags(n.Flags).Parse();
            return new HealthcheckInstruction { Keyword = n.Keyword, Source = Src(n), Location = n.Location, Node = n, Test = ["NONE"] };
        }
        var flags = new BuilderFlags(n.Flags).String("interval").String("timeout").String("start-period").String("start-interval").String("retries");
        flags.Parse();
        if (type != "CMD") throw BuildException.Invalid($"Unknown type \"{type}\" in HEALTHCHECK (try CMD)");
        var cmd = rest.Count == 0 ? new List<string>() : n.IsJson ? rest : [string.Join(' ', rest)];
        if (cmd.Count == 0) throw BuildException.Invalid("Missing command after HEALTHCHECK CMD");
        var test = new List<string> { n.IsJson ? "CMD" : "CMD-SHELL" };
        test.AddRange(cmd);
        int retries = 0;
        if (flags.GetString("retries") is { } r)
        {
            if (!int.TryParse(r, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out retries))
                throw BuildException.Invalid($"invalid value for --retries: {r}");
            if (retries < 1) throw BuildException.Invalid($"--retries must be at least 1 (not {retries})");
        }
        return new HealthcheckInstruction
        {
            Keyword = n.Keyword, Source = Src(n), Location = n.Location, Node = n, Test = test,
            Interval = Interval(flags, "interval"), Timeout = Interval(flags, "timeout"),
            StartPeriod = Interval(flags, "start-period"), StartInterval = Interval(flags, "start-interval"), Retries = retries,
        };
    }

    private static long Interval(BuilderFlags flags, string name)
    {
        string? s = flags.GetString(name);
        if (string.IsNullOrEmpty(s)) return 0;
        if (!GoDuration.TryParse(s, out long d)) throw BuildException.Invalid($"time: invalid duration \"{s}\"");
        if (d < 1_000_000) throw BuildException.Invalid($"Interval \"{name}\" cannot be less than 1ms");
        return d;
    }

    [GeneratedRegex(@"^\s*ONBUILD\s*", RegexOptions.IgnoreCase)]
    private static partial Regex OnbuildPrefix();

    private static OnbuildInstruction ParseOnbuild(DockerfileNode n)
    {
        if (n.Child is null) throw BuildException.Invalid("ONBUILD requires at least one argument");
        new BuilderFlags(n.Flags).Parse();
        string trigger = n.Child.Keyword.ToUpperInvariant();
        switch (trigger)
        {
            case "ONBUILD": throw BuildException.Invalid("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "MAINTAINER" or "FROM": throw BuildException.Invalid($"{trigger} isn't allowed as an ONBUILD trigger");
        }
        // Validate the trigger now: a broken one would only fail in a later build.
        ParseInstruction(n.Child);
        return new OnbuildInstruction
        {
            Keyword = n.Keyword, Source = Src(n), Location = n.Location, Node = n, Expression = OnbuildPrefix().Replace(n.Original, ""),
        };
    }

    private static CopyInstruction ParseCopy(DockerfileNode n)
    {
        bool add = n.Keyword == "add";
        string name = add ? "ADD" : "COPY";
        if (n.Args.Count < 2) throw BuildException.Invalid($"{name} requires at least two arguments, but only one was provided. Destination could not be determined");
        var flags = new BuilderFlags(n.Flags).String("chown").String("chmod").Bool("link").List("exclude");
        if (add) flags.String("checksum").Bool("keep-git-dir").Bool("unpack");
        else flags.String("from").Bool("parents");
        flags.Parse();
        string dest = n.Args[^1];
        if (DockerfileParser.ParseHeredocWord(dest) is not null)
            throw BuildException.Invalid($"{name} cannot accept a heredoc as a destination");
        var heredocs = n.Heredocs.ToDictionary(h => h.Name, StringComparer.Ordinal);
        var sources = new List<string>();
        var inline = new List<InlineSource>();
        foreach (var src in n.Args.Take(n.Args.Count - 1))
        {
            if (!n.IsJson && DockerfileParser.ParseHeredocWord(src) is { } h && heredocs.TryGetValue(h.Name, out var doc))
                inline.Add(new InlineSource(h.Name, doc.EffectiveContent, doc.Expand));
            else sources.Add(src);
        }
        if (flags.GetString("checksum") is { } sum && !sum.StartsWith("sha256:", StringComparison.Ordinal))
            throw BuildException.Invalid($"unsupported checksum \"{sum}\": expected sha256:<hex>");
        return new CopyInstruction
        {
            Keyword = n.Keyword, Source = Src(n), Location = n.Location, Node = n,
            Sources = sources, InlineSources = inline, Destination = dest,
            From = flags.GetString("from"), Chown = flags.GetString("chown"), Chmod = flags.GetString("chmod"),
            Link = flags.GetBool("link"), Parents = flags.GetBool("parents"), Excludes = flags.GetList("exclude"),
            Checksum = flags.GetString("checksum"), Unpack = flags.IsSet("unpack") ? flags.GetBool("unpack") : null,
            KeepGitDir = flags.GetBool("keep-git-dir"),
        };
    }
}
