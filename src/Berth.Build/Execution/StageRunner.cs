using Berth.Build.Formatting;
using Berth.Build.Instructions;
using Berth.Build.Parsing;
using Berth.Build.Shell;
using Berth.Images;
using Berth.Images.Metadata;
using Berth.Oci.Images;

namespace Berth.Build.Execution;

/// <summary>
/// Runs one stage: FROM (base image or earlier stage, ONBUILD triggers), then each instruction as the classic
/// builder dispatches it, printing "Step n/m : …" and " ---> &lt;id&gt;" lines. Each step is looked up in the cache
/// first and otherwise committed as an image. One partial file per kind of step.
/// </summary>
internal sealed partial class StageRunner(BuildSession session, Stage stage, IBuildOutput output, int firstStep, int totalSteps)
{
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private CancellationToken Cancel => session.Cancel;
    private StepCommitter Committer => session.Committer;
    private ImageStorage Storage => session.Host.Storage;

    private ValueTask Say(string text) => output.WriteAsync(BuildMessage.Text(text));

    private static string Short(StageState s) => s.Image?.Id.Short ?? "";

    public async Task<StageResult> RunAsync()
    {
        int step = firstStep;
        await Say($"Step {step++}/{totalSteps} : {stage.From.Source}\n");
        StageState state;
        try
        {
            state = await BeginAsync();
        }
        catch (BuildException e) { throw e.At(stage.From.Location); }
        catch (ImageException e) { throw new BuildException(BuildErrorKind.NotFound, e.Message, stage.From.Location, e); }
        await Say($" ---> {Short(state)}\n");
        foreach (var instruction in stage.Instructions)
        {
            Cancel.ThrowIfCancellationRequested();
            await Say($"Step {step++}/{totalSteps} : {instruction.Source}\n");
            await DispatchLocatedAsync(state, instruction);
            await Say($" ---> {Short(state)}\n");
        }
        if (state.Image is { } image) await output.WriteAsync(new BuildMessage { AuxId = image.Id.ToString() });
        return new StageResult(state.Image, state.ImageConfig, state.Args);
    }

    private async Task DispatchLocatedAsync(StageState state, Instruction instruction)
    {
        try
        {
            await DispatchAsync(state, instruction);
        }
        catch (BuildException e) { throw e.At(instruction.Location); }
        catch (ImageException e)
        {
            var kind = e.Kind == ImageErrorKind.NotFound ? BuildErrorKind.NotFound : BuildErrorKind.Internal;
            throw new BuildException(kind, e.Message, instruction.Location, e);
        }
        catch (Berth.Linux.SyscallException e) { throw new BuildException(BuildErrorKind.Internal, e.Message, instruction.Location, e); }
        catch (IOException e) { throw new BuildException(BuildErrorKind.Internal, e.Message, instruction.Location, e); }
    }

    // ---- FROM -----------------------------------------------------------------------------------------------

    private async Task<StageState> BeginAsync()
    {
        var from = stage.From;
        var lexer = new ShellLexer(session.Escape);
        var meta = new VariableList(session.GlobalArgs.AllMeta());
        string name, platform;
        try
        {
            name = lexer.ProcessWord(from.BaseName, meta);
            platform = from.Platform is null ? "" : lexer.ProcessWord(from.Platform, meta);
        }
        catch (ShellSyntaxException e) { throw BuildException.Invalid(e.Message); }
        if (name.Length == 0) throw BuildException.Invalid($"base name ({from.BaseName}) should not be blank");
        if (platform.Length > 0 && platform.Split('/') is not { Length: >= 2 and <= 3 } parts)
            throw BuildException.Invalid($"failed to parse platform {platform}: expected os/arch[/variant]");
        if (platform.Length == 0 && !string.IsNullOrEmpty(session.Request.Platform)) platform = session.Request.Platform!;

        ImageRecord? image = null;
        ImageConfig config;
        BuildArgs args;
        var dep = session.FindStage(name, stage.Index);
        if (dep is not null)
        {
            var result = await session.StageResultAsync(dep);
            image = result.Image;
            config = result.Config;
            args = result.Args.Inherit();
        }
        else if (name.Equals("scratch", StringComparison.OrdinalIgnoreCase))
        {
            var host = PlatformMatcher.Host();
            var p = platform.Length > 0 ? platform.Split('/') : [host.Os, host.Architecture];
            config = new ImageConfig { Os = p[0], Architecture = p[1], Variant = p.Length > 2 ? p[2] : null };
            args = session.GlobalArgs.ForStage();
        }
        else
        {
            image = await session.Host.ResolveImageAsync(name, platform.Length > 0 ? platform : null, session.Request.Pull, output, Cancel);
            config = await Storage.Images.GetConfigAsync(image.Id, Cancel);
            args = session.GlobalArgs.ForStage();
        }
        var state = new StageState
        {
            Stage = stage, Args = args, Lexer = new ShellLexer(session.Escape), Image = image, ImageConfig = config,
            RunConfig = ConfigTools.Clone(config.Config),
        };
        var env = state.RunConfig.Env ??= new List<string>();
        if (!env.Any(e => e.StartsWith("PATH=", StringComparison.Ordinal))) env.Add("PATH=" + DefaultPath);
        state.RunConfig.OpenStdin = false;
        state.RunConfig.StdinOnce = false;
        if (state.RunConfig.OnBuild is { Count: > 0 } triggers)
        {
            state.RunConfig.OnBuild = null;
            await RunTriggersAsync(state, triggers);
        }
        return state;
    }

    private async Task RunTriggersAsync(StageState state, List<string> triggers)
    {
        await Say($"# Executing {triggers.Count} build trigger{(triggers.Count > 1 ? "s" : "")}\n");
        foreach (var trigger in triggers)
        {
            var doc = DockerfileParser.Parse(trigger, "ONBUILD trigger");
            if (doc.Nodes.Count != 1) throw BuildException.Invalid("onbuild trigger should be a single expression");
            var instruction = InstructionParser.ParseInstruction(doc.Nodes[0]);
            if (instruction is FromInstruction or MaintainerInstruction or OnbuildInstruction)
                throw BuildException.Invalid($"{instruction.Keyword.ToUpperInvariant()} isn't allowed as an ONBUILD trigger");
            await DispatchAsync(state, instruction);
        }
    }

    // ---- dispatch -------------------------------------------------------------------------------------------

    private Task DispatchAsync(StageState s, Instruction instruction) => instruction switch
    {
        EnvInstruction i => EnvAsync(s, i),
        LabelInstruction i => LabelAsync(s, i),
        MaintainerInstruction i => MaintainerAsync(s, i),
        ArgInstruction i => ArgAsync(s, i),
        CmdInstruction i => CmdAsync(s, i),
        EntrypointInstruction i => EntrypointAsync(s, i),
        ShellInstruction i => ShellAsync(s, i),
        UserInstruction i => UserAsync(s, i),
        VolumeInstruction i => VolumeAsync(s, i),
        ExposeInstruction i => ExposeAsync(s, i),
        StopSignalInstruction i => StopSignalAsync(s, i),
        HealthcheckInstruction i => HealthcheckAsync(s, i),
        OnbuildInstruction i => OnbuildAsync(s, i),
        WorkdirInstruction i => WorkdirAsync(s, i),
        CopyInstruction i => CopyAsync(s, i),
        RunInstruction i => RunStepAsync(s, i),
        FromInstruction => throw BuildException.Invalid("FROM isn't allowed here"),
        _ => throw BuildException.Invalid($"unsupported instruction {instruction.Keyword.ToUpperInvariant()}"),
    };

    /// <summary>The classic builder's history line for a step that runs nothing: "/bin/sh -c #(nop)  ENV a=b".</summary>
    private static string NopLine(StageState s, string comment, bool twoArgs = true) =>
        string.Join(' ', s.Shell()) + (twoArgs ? " #(nop)  " : " #(nop) ") + comment;

    /// <summary>Uses the cached image for <paramref name="key"/> if there is one.</summary>
    private async Task<bool> TryCacheAsync(StageState s, string key)
    {
        if (session.Request.NoCache) return false;
        var hit = await Committer.LookupAsync(key, Cancel);
        if (hit is null) return false;
        s.Image = hit.Value.Image;
        s.ImageConfig = hit.Value.Config;
        await Say(" ---> Using cache\n");
        session.RecordHit(key);
        session.CountStep(true);
        return true;
    }

    private void Remember(string key, StageState s, ImageRecord image, ImageConfig config, string createdBy)
    {
        Committer.Cache.Store(key, image.Id, s.Image?.Id, createdBy);
        s.Image = image;
        s.ImageConfig = config;
        session.CountStep(false);
    }

    /// <summary>Commits a step that only changed the config.</summary>
    private async Task CommitMetadataAsync(StageState s, string comment, bool twoArgs = true)
    {
        string createdBy = NopLine(s, comment, twoArgs);
        string key = StepCommitter.Key(s, createdBy, "");
        if (await TryCacheAsync(s, key)) return;
        var (image, config) = await Committer.CommitConfigAsync(s, createdBy, Cancel);
        Remember(key, s, image, config, createdBy);
    }

    private string Expand(StageState s, string word, Instruction i) => s.Expand(word, i.Location);

    // ---- metadata instructions ------------------------------------------------------------------------------

    private Task EnvAsync(StageState s, EnvInstruction i)
    {
        var pairs = i.Pairs.Select(p => (Key: Expand(s, p.Key, i), Value: Expand(s, p.Value, i))).ToList();
        var env = s.RunConfig.Env ??= new List<string>();
        var comment = new System.Text.StringBuilder("ENV");
        foreach (var (key, value) in pairs)
        {
            string entry = key + "=" + value;
            comment.Append(' ').Append(entry);
            int at = env.FindIndex(e => (e.IndexOf('=') is var eq && eq >= 0 ? e[..eq] : e) == key);
            if (at >= 0) env[at] = entry;
            else env.Add(entry);
        }
        return CommitMetadataAsync(s, comment.ToString());
    }

    private Task LabelAsync(StageState s, LabelInstruction i)
    {
        var labels = s.RunConfig.Labels ??= new Dictionary<string, string>();
        var comment = new System.Text.StringBuilder("LABEL");
        foreach (var p in i.Pairs)
        {
            string key = i.NoExpand ? p.Key : Expand(s, p.Key, i);
            string value = i.NoExpand ? p.Value : Expand(s, p.Value, i);
            labels[key] = value;
            comment.Append(' ').Append(key).Append('=').Append(value);
        }
        return CommitMetadataAsync(s, comment.ToString());
    }

    private Task MaintainerAsync(StageState s, MaintainerInstruction i)
    {
        s.Maintainer = i.Maintainer;
        return CommitMetadataAsync(s, "MAINTAINER " + i.Maintainer);
    }

    private Task ArgAsync(StageState s, ArgInstruction i)
    {
        var parts = new List<string>();
        var expanded = i.Args.Select(a => (Key: Expand(s, a.Key, i), Value: a.Value is null ? null : Expand(s, a.Value, i))).ToList();
        foreach (var (key, value) in expanded)
        {
            parts.Add(value is null ? key : key + "=" + value);
            s.Args.AddArg(key, value);
        }
        return CommitMetadataAsync(s, "ARG " + string.Join(' ', parts));
    }

    /// <summary>The argv of a RUN/CMD/ENTRYPOINT: exec form as written, shell form prefixed with the SHELL.</summary>
    private static List<string> Resolve(StageState s, CommandLine command)
    {
        var result = new List<string>();
        if (command.PrependShell && command.Args.Count > 0) result.AddRange(s.Shell());
        result.AddRange(command.Args);
        return result;
    }

    private async Task CmdAsync(StageState s, CmdInstruction i)
    {
        var cmd = Resolve(s, i.Command);
        s.RunConfig.Cmd = cmd;
        s.RunConfig.ArgsEscaped = null;
        await CommitMetadataAsync(s, "CMD " + GoQuote.QuoteList(cmd));
        if (i.Command.Args.Count != 0) s.CmdSet = true;
    }

    private Task EntrypointAsync(StageState s, EntrypointInstruction i)
    {
        List<string>? entrypoint = i.Command.Args.Count == 0 ? null : Resolve(s, i.Command);
        s.RunConfig.Entrypoint = entrypoint;
        s.RunConfig.ArgsEscaped = null;
        if (!s.CmdSet) s.RunConfig.Cmd = null;
        return CommitMetadataAsync(s, "ENTRYPOINT " + GoQuote.QuoteList(entrypoint));
    }

    private Task ShellAsync(StageState s, ShellInstruction i)
    {
        s.RunConfig.Shell = i.Shell.ToList();
        return CommitMetadataAsync(s, "SHELL " + GoQuote.PlainList(i.Shell));
    }

    private Task UserAsync(StageState s, UserInstruction i)
    {
        string user = Expand(s, i.User, i);
        s.RunConfig.User = user;
        return CommitMetadataAsync(s, "USER " + user);
    }

    private Task VolumeAsync(StageState s, VolumeInstruction i)
    {
        var volumes = i.Volumes.Select(v => Expand(s, v, i)).ToList();
        var dict = s.RunConfig.Volumes ??= new Dictionary<string, EmptyObject>();
        foreach (var v in volumes)
        {
            if (v.Length == 0) throw BuildException.Invalid("VOLUME specified can not be an empty string");
            dict[v] = EmptyObject.Instance;
        }
        return CommitMetadataAsync(s, "VOLUME " + GoQuote.PlainList(volumes));
    }

    private Task ExposeAsync(StageState s, ExposeInstruction i)
    {
        var words = new List<string>();
        foreach (var p in i.Ports)
        {
            try { words.AddRange(s.Lexer.ProcessWords(p, s.Variables())); }
            catch (ShellSyntaxException e) { throw BuildException.Invalid(e.Message); }
        }
        var ports = s.RunConfig.ExposedPorts ??= new Dictionary<string, EmptyObject>();
        foreach (var w in words)
            foreach (var port in PortSpecs.Parse(w)) ports[port] = EmptyObject.Instance;
        return CommitMetadataAsync(s, "EXPOSE " + string.Join(' ', words));
    }

    private Task StopSignalAsync(StageState s, StopSignalInstruction i)
    {
        string signal = Expand(s, i.Signal, i);
        if (!IsValidSignal(signal)) throw BuildException.Invalid($"Invalid signal: {signal}");
        s.RunConfig.StopSignal = signal;
        return CommitMetadataAsync(s, "STOPSIGNAL " + signal);
    }

    private static bool IsValidSignal(string text)
    {
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n)) return n is > 0 and <= 64;
        string name = text.ToUpperInvariant();
        if (!name.StartsWith("SIG", StringComparison.Ordinal)) name = "SIG" + name;
        return Berth.Linux.Signals.SignalNames.Parse(name) > 0;
    }

    private async Task HealthcheckAsync(StageState s, HealthcheckInstruction i)
    {
        if (s.RunConfig.Healthcheck?.Test is { Count: > 0 } old && old[0] != "NONE")
            await Say($"Note: overriding previous HEALTHCHECK: {GoQuote.PlainList(old)}\n");
        s.RunConfig.Healthcheck = new HealthcheckConfig
        {
            Test = i.Test.ToList(),
            Interval = i.Interval == 0 ? null : i.Interval,
            Timeout = i.Timeout == 0 ? null : i.Timeout,
            StartPeriod = i.StartPeriod == 0 ? null : i.StartPeriod,
            StartInterval = i.StartInterval == 0 ? null : i.StartInterval,
            Retries = i.Retries == 0 ? null : i.Retries,
        };
        // Go's %q of the HealthConfig pointer, as the classic builder writes it.
        string durations = $"{GoQuote.Quote(GoDuration.Format(i.Interval))} {GoQuote.Quote(GoDuration.Format(i.Timeout))} {GoQuote.Quote(GoDuration.Format(i.StartPeriod))}";
        if (i.StartInterval != 0) durations += " " + GoQuote.Quote(GoDuration.Format(i.StartInterval));
        await CommitMetadataAsync(s, $"HEALTHCHECK &{{{GoQuote.QuoteList(i.Test)} {durations} {GoQuote.QuoteRune(i.Retries)}}}");
    }

    private Task OnbuildAsync(StageState s, OnbuildInstruction i)
    {
        (s.RunConfig.OnBuild ??= new List<string>()).Add(i.Expression);
        return CommitMetadataAsync(s, "ONBUILD " + i.Expression);
    }
}
