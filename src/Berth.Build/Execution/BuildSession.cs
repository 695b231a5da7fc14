using System.Collections.Concurrent;
using System.Globalization;
using Berth.Build.Cache;
using Berth.Build.Instructions;
using Berth.Build.Parsing;
using Berth.Build.Shell;
using Berth.Images.Metadata;
using Berth.Oci.Images;

namespace Berth.Build.Execution;

/// <summary>One build in progress: the plan, the stages the target needs and their results, shared views and counters.</summary>
internal sealed class BuildSession : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly ConcurrentDictionary<string, Lazy<ImageView>> _views = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _hits = new();
    private readonly Dictionary<int, TaskCompletionSource<StageResult>> _results = new();
    private int _steps, _cached;

    public IBuildHost Host { get; }
    public BuildCache Cache { get; }
    public BuildRequest Request { get; }
    public BuildPlan Plan { get; }
    public IBuildOutput Output { get; }
    public StepCommitter Committer { get; }
    public BuildArgs GlobalArgs { get; }
    public long? SourceDateEpoch { get; }
    public CancellationToken Cancel => _cancel.Token;
    public char Escape => Plan.Document.EscapeToken;

    public BuildSession(IBuildHost host, BuildCache cache, BuildRequest request, BuildPlan plan, IBuildOutput output, CancellationToken cancel)
    {
        Host = host;
        Cache = cache;
        Request = request;
        Plan = plan;
        Output = output;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        GlobalArgs = new BuildArgs(request.BuildArgs);
        if (request.BuildArgs.TryGetValue("SOURCE_DATE_EPOCH", out var epochText) && epochText is { Length: > 0 })
        {
            if (!long.TryParse(epochText, NumberStyles.None, CultureInfo.InvariantCulture, out long epoch))
                throw BuildException.Invalid($"invalid SOURCE_DATE_EPOCH: {epochText} (expected seconds since the Unix epoch)");
            SourceDateEpoch = epoch;
        }
        Committer = new StepCommitter(host.Storage, cache, SourceDateEpoch);
        AddPlatformArgs();
    }

    /// <summary>BuildKit's automatic platform ARGs, global and usable in FROM lines.</summary>
    private void AddPlatformArgs()
    {
        var host = PlatformMatcher.Host();
        string buildPlatform = host.Os + "/" + host.Architecture + (string.IsNullOrEmpty(host.Variant) ? "" : "/" + host.Variant);
        string target = string.IsNullOrEmpty(Request.Platform) ? buildPlatform : Request.Platform!;
        var t = target.Split('/');
        GlobalArgs.AddImplicitMetaArg("BUILDPLATFORM", buildPlatform);
        GlobalArgs.AddImplicitMetaArg("BUILDOS", host.Os);
        GlobalArgs.AddImplicitMetaArg("BUILDARCH", host.Architecture);
        GlobalArgs.AddImplicitMetaArg("BUILDVARIANT", host.Variant ?? "");
        GlobalArgs.AddImplicitMetaArg("TARGETPLATFORM", target);
        GlobalArgs.AddImplicitMetaArg("TARGETOS", t[0]);
        GlobalArgs.AddImplicitMetaArg("TARGETARCH", t.Length > 1 ? t[1] : host.Architecture);
        GlobalArgs.AddImplicitMetaArg("TARGETVARIANT", t.Length > 2 ? t[2] : "");
    }

    public void CountStep(bool cached)
    {
        Interlocked.Increment(ref _steps);
        if (cached) Interlocked.Increment(ref _cached);
    }

    public void RecordHit(string key) => _hits.Add(key);

    public async Task<BuildResult> RunAsync()
    {
        var stages = Plan.Stages;
        var target = stages[^1];
        if (!string.IsNullOrEmpty(Request.Target))
            target = Plan.Find(Request.Target!) ?? throw BuildException.Invalid($"failed to reach build target {Request.Target} in Dockerfile");
        foreach (var (k, v) in Request.Labels.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            target.Instructions.Add(new LabelInstruction
            {
                Keyword = "label", Source = "LABEL " + k + "=" + v, Location = target.From.Location,
                Pairs = [new KeyValueArg(k, v, true)], NoExpand = true,
            });
        }

        // Global ARGs first: FROM lines and stage references are resolved with them.
        var lexer = new ShellLexer(Escape);
        int total = Plan.MetaArgs.Count;
        var needed = NeededStages(target, lexer);
        foreach (var s in needed) total += 1 + s.Instructions.Count;
        int step = 1;
        foreach (var meta in Plan.MetaArgs)
        {
            await Output.WriteAsync(BuildMessage.Text($"Step {step++}/{total} : {meta.Source}\n"));
            var env = new VariableList(GlobalArgs.AllAllowed().Select(kv => kv.Key + "=" + kv.Value));
            foreach (var a in meta.Args)
            {
                string key, value;
                try
                {
                    key = lexer.ProcessWord(a.Key, env);
                    value = a.Value is null ? null! : lexer.ProcessWord(a.Value, env);
                }
                catch (ShellSyntaxException e) { throw BuildException.Invalid(e.Message, meta.Location); }
                GlobalArgs.AddArg(key, a.Value is null ? null : value);
                GlobalArgs.AddMetaArg(key, a.Value is null ? null : value);
            }
        }

        var ordered = new OrderedOutput(Output, needed.Count);
        var tasks = new List<Task>();
        for (int i = 0; i < needed.Count; i++)
        {
            var stage = needed[i];
            _results[stage.Index] = new TaskCompletionSource<StageResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        for (int i = 0; i < needed.Count; i++)
        {
            var stage = needed[i];
            int first = step;
            step += 1 + stage.Instructions.Count;
            int slot = i;
            var runner = new StageRunner(this, stage, ordered[slot], first, total);
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    var result = await runner.RunAsync();
                    _results[stage.Index].TrySetResult(result);
                }
                catch (Exception e)
                {
                    _results[stage.Index].TrySetException(e);
                    _cancel.Cancel();
                    throw;
                }
                finally
                {
                    await ordered.CompleteAsync(slot);
                }
            }));
        }
        try
        {
            await Task.WhenAll(tasks);
        }
        catch
        {
            // Report the failure that caused the others to stop: the first stage (in order) that did not just get cancelled.
            foreach (var t in tasks)
                if (t.Exception?.InnerException is { } e && e is not OperationCanceledException) throw Unwrap(e);
            Cancel.ThrowIfCancellationRequested();
            throw;
        }
        finally
        {
            try { Cache.Touch(_hits); } catch (Exception) { }
        }

        var final = await _results[target.Index].Task;
        foreach (var s in needed) GlobalArgs.MergeReferenced((await _results[s.Index].Task).Args);
        if (final.Image is null) throw BuildException.Invalid("No image was generated. Is your Dockerfile empty?");
        var unused = GlobalArgs.Unused();
        if (unused.Count > 0) await Output.WriteAsync(BuildMessage.Text($"[Warning] One or more build-args [{string.Join(' ', unused)}] were not consumed\n"));
        await Output.WriteAsync(BuildMessage.Text($"Successfully built {final.Image.Id.Short}\n"));
        foreach (var tag in Request.Tags)
        {
            Host.Storage.Images.Tag(final.Image.Id, tag);
            await Output.WriteAsync(BuildMessage.Text($"Successfully tagged {tag.FamiliarString}\n"));
        }
        return new BuildResult(final.Image, Request.Tags, _steps, _cached);
    }

    private static Exception Unwrap(Exception e) => e is AggregateException { InnerException: { } inner } ? inner : e;

    /// <summary>The result of an earlier stage (waiting for it if it still runs).</summary>
    public Task<StageResult> StageResultAsync(Stage stage)
    {
        if (!_results.TryGetValue(stage.Index, out var tcs))
            throw BuildException.Invalid($"stage {stage} is not part of this build");
        return tcs.Task.WaitAsync(Cancel);
    }

    /// <summary>
    /// The stage a FROM, COPY --from or RUN --mount from= names (by name, or by number when earlier than
    /// <paramref name="current"/>), or null when it names an image.
    /// </summary>
    public Stage? FindStage(string nameOrIndex, int current)
    {
        foreach (var s in Plan.Stages)
        {
            if (s.Index >= current) break;
            if (s.Name is not null && string.Equals(s.Name, nameOrIndex, StringComparison.OrdinalIgnoreCase)) return s;
        }
        if (int.TryParse(nameOrIndex, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            if (index == current) throw BuildException.Invalid($"invalid from flag value {nameOrIndex}: refers to current build stage");
            if (index > current || index >= Plan.Stages.Count) throw BuildException.Invalid($"invalid from flag value {nameOrIndex}: index out of bounds");
            return Plan.Stages[index];
        }
        return null;
    }

    /// <summary>The target and the stages it needs (through FROM, COPY --from, RUN --mount from=), in Dockerfile order.</summary>
    private List<Stage> NeededStages(Stage target, ShellLexer lexer)
    {
        var meta = new VariableList(GlobalArgs.AllMeta());
        string Expand(string s)
        {
            try { return lexer.ProcessWord(s, meta); }
            catch (ShellSyntaxException) { return s; }
        }
        var needed = new HashSet<int>();
        var stack = new Stack<Stage>();
        stack.Push(target);
        while (stack.Count > 0)
        {
            var s = stack.Pop();
            if (!needed.Add(s.Index)) continue;
            var refs = new List<string> { Expand(s.From.BaseName) };
            foreach (var i in s.Instructions)
            {
                if (i is CopyInstruction { From: { } f }) refs.Add(Expand(f));
                if (i is RunInstruction r)
                    foreach (var m in r.Mounts)
                        foreach (var field in RunMountParser.Fields(m))
                            if (field.StartsWith("from=", StringComparison.OrdinalIgnoreCase)) refs.Add(Expand(field[5..]));
            }
            foreach (var r in refs)
            {
                Stage? dep = null;
                try { dep = FindStage(r, s.Index); } catch (BuildException) { }
                if (dep is not null) stack.Push(dep);
            }
        }
        return Plan.Stages.Where(s => needed.Contains(s.Index)).ToList();
    }

    /// <summary>A read-only view of an image's files, mounted once per build.</summary>
    public ImageView View(ImageRecord? image)
    {
        string key = image?.Id.ToString() ?? "scratch";
        return _views.GetOrAdd(key, _ => new Lazy<ImageView>(() => ImageView.Open(Host.Storage, image, Host.RunDirectory))).Value;
    }

    public void Dispose()
    {
        foreach (var v in _views.Values)
            if (v.IsValueCreated) v.Value.Dispose();
        _cancel.Dispose();
    }
}
