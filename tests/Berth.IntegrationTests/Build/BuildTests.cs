using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Berth.IntegrationTests.Cli;
using Berth.IntegrationTests.Daemon;

namespace Berth.IntegrationTests.Build;

/// <summary>`docker build` (the real CLI 28, classic builder) against berthd: the corpus, the cache, errors, outputs.</summary>
[Trait("Category", "Integration")]
public sealed class BuildTests : IClassFixture<BerthdFixture>, IDisposable
{
    private readonly BerthdFixture _d;
    private readonly DockerCli _docker;
    private readonly string _dir;

    public BuildTests(BerthdFixture daemon)
    {
        _d = daemon;
        _dir = Directory.CreateTempSubdirectory("berth-build-it-").FullName;
        _docker = new DockerCli(daemon.Host, Path.Combine(_dir, "docker-config"));
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static string Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static List<string> List(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(x => x.GetString()!).ToList() : [];

    private static List<string> Keys(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList() : [];

    [Fact]
    public void EveryInstructionGivesTheConfigAndFilesItDescribes()
    {
        string ctx = BuildCorpus.Write(_dir, "all", BuildCorpus.AllInstructions);
        var r = _docker.Build(ctx, "-t", "corpus-all:1", "-t", "corpus-all:2");
        Assert.True(r.Code == 0, r.Out + r.Err);
        var c = _docker.Config("corpus-all:1");
        Assert.Equal(["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "APP_HOME=/app", "LANG=C.UTF-8", "LONG=a b", "MORE=c"], List(c, "Env"));
        Assert.Equal(["/bin/sh", "-c"], List(c, "Entrypoint"));
        Assert.Equal(["cat /app/greet"], List(c, "Cmd"));
        Assert.Equal("/app", Str(c, "WorkingDir"));
        Assert.Equal("1000:1000", Str(c, "User"));
        Assert.Equal("SIGQUIT", Str(c, "StopSignal"));
        Assert.Equal(["/bin/sh", "-ec"], List(c, "Shell"));
        Assert.Equal(["RUN echo triggered > /onbuild"], List(c, "OnBuild"));
        Assert.Equal(["53/udp", "8080/tcp", "9000/tcp", "9001/tcp"], Keys(c, "ExposedPorts"));
        Assert.Equal(["/cache", "/data", "/logs"], Keys(c, "Volumes"));
        var labels = c.GetProperty("Labels");
        Assert.Equal("berth test", labels.GetProperty("org.example.name").GetString());
        Assert.Equal("1.0", labels.GetProperty("version").GetString());
        Assert.Equal("x", labels.GetProperty("multi.line").GetString());
        var hc = c.GetProperty("Healthcheck");
        Assert.Equal(["CMD-SHELL", "wget -q -O- http://localhost:8080/ || exit 1"], List(hc, "Test"));
        Assert.Equal(30_000_000_000L, hc.GetProperty("Interval").GetInt64());
        Assert.Equal(5_000_000_000L, hc.GetProperty("Timeout").GetInt64());
        Assert.Equal(2_000_000_000L, hc.GetProperty("StartPeriod").GetInt64());
        Assert.Equal(4, hc.GetProperty("Retries").GetInt32());
        Assert.Equal("someone@example.com", _docker.Ok("image", "inspect", "-f", "{{.Author}}", "corpus-all:1").Trim());
        Assert.Equal(_docker.Ok("image", "inspect", "-f", "{{.Id}}", "corpus-all:1"), _docker.Ok("image", "inspect", "-f", "{{.Id}}", "corpus-all:2"));

        string files = _docker.Files("corpus-all:1", "/app", "/data", "/logs", "/cache");
        foreach (var line in new[]
        {
            "/app directory 755 0:0", "/app/sub directory 755 0:0", "/app/hello.txt regular file 644 0:0 3",
            "/app/dir/run.sh regular file 755 0:0 19", "/app/dir/sub directory 750 0:0", "/app/dir/sub/b regular file 644 0:0 2",
            "/app/docs/README.md regular file 644 0:0 9", "/app/docs/NOTES.md regular file 644 0:0 6",
            "/app/owned.txt regular file 644 1000:1000 6", "/app/link.txt regular file 644 0:0 3",
            "/app/extracted/tardir/file.txt regular file 640 33:33 9", "/app/extracted/tardir/link symbolic link 0:0 '/app/extracted/tardir/link' -> 'file.txt'",
            "/app/gz/gzdir/file.txt regular file 640 33:33 8", "/app/plain-added.txt regular file 644 0:0 6",
            "/app/greet regular file 640 0:0 12", "/app/private directory 700 0:0", "/app/exec regular file 644 0:0 10",
            "/app/shell regular file 644 0:0 14", "/app/greet-link symbolic link 0:0 '/app/greet-link' -> '/app/greet'",
            "/data directory 755 0:0", "/logs directory 755 0:0", "/cache directory 755 0:0",
        })
            Assert.Contains(line + "\n", files);
        // ENTRYPOINT + CMD run as USER 1000, which cannot read the root-only file; root can.
        var asUser = _docker.Run("run", "--rm", "corpus-all:1");
        Assert.Equal(1, asUser.Code);
        Assert.Contains("Permission denied", asUser.Err);
        Assert.Equal("hello world\n", _docker.Ok("run", "--rm", "--user", "0", "corpus-all:1"));

        // History: one entry per step, the classic builder's created-by lines.
        var history = _docker.Ok("history", "--no-trunc", "--format", "{{.CreatedBy}}", "corpus-all:1").Split('\n')[..^1];
        Assert.Equal(BuildCorpus.AllInstructionsSteps - 2 + 1, history.Length); // - global ARG - FROM + the base image's own entry
        Assert.Equal("/bin/sh -ec #(nop)  CMD [\"cat /app/greet\"]", history[0]);
        Assert.Contains("|1 GREETING=hello /bin/sh -c echo \"$GREETING world\" > /app/greet && chmod 640 /app/greet && mkdir -m 700 /app/private", history);
        Assert.Contains(history, h => h.StartsWith("/bin/sh -c #(nop) COPY dir:", StringComparison.Ordinal) && h.EndsWith(" in /app/dir/ ", StringComparison.Ordinal));
    }

    [Fact]
    public void ProgressLinesAreTheClassicBuilders()
    {
        string ctx = BuildCorpus.Write(_dir, "progress", BuildCorpus.AllInstructions);
        var r = _docker.Build(ctx, "--no-cache", "-t", "progress:a", "-t", "progress:b");
        Assert.True(r.Code == 0, r.Out + r.Err);
        var lines = r.Out.Split('\n');
        int total = BuildCorpus.AllInstructionsSteps;
        for (int step = 1; step <= total; step++)
            Assert.Contains(lines, l => l.StartsWith($"Step {step}/{total} : ", StringComparison.Ordinal));
        Assert.Contains($"Step 2/{total} : FROM ${{BASE}}", lines);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, "^ ---> Running in [0-9a-f]{12}$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, "^ ---> [0-9a-f]{12}$"));
        string id = _docker.Ok("image", "inspect", "-f", "{{.Id}}", "progress:a").Trim();
        Assert.Contains($"Successfully built {id[7..19]}", lines);
        Assert.Contains("Successfully tagged progress:a", lines);
        Assert.Contains("Successfully tagged progress:b", lines);
        Assert.DoesNotContain("Using cache", r.Out);
    }

    [Fact]
    public void ACachedRebuildReusesEveryStepAcrossADaemonRestart()
    {
        string ctx = BuildCorpus.Write(_dir, "cache", BuildCorpus.AllInstructions.Replace("CMD [\"cat /app/greet\"]", "CMD [\"cat /app/greet\", \"cache-test\"]"));
        string first = _docker.BuildOk(ctx, "-t", "cached:1");
        int steps = BuildCorpus.AllInstructionsSteps - 2; // every step after FROM; the global ARG makes no image
        var again = _docker.Build(ctx, "-t", "cached:2");
        Assert.True(again.Code == 0, again.Err);
        Assert.Equal(steps, CountCacheHits(again.Out));
        Assert.DoesNotContain("Running in", again.Out);

        _d.Stop(kill: false);
        _d.Start();
        var afterRestart = _docker.Build(ctx, "-t", "cached:3");
        Assert.True(afterRestart.Code == 0, afterRestart.Err + _d.ReadLog());
        Assert.Equal(steps, CountCacheHits(afterRestart.Out));
        Assert.Equal(first, _docker.Ok("image", "inspect", "-f", "{{.Id}}", "cached:3").Trim());

        // A changed file busts the cache from its COPY on; --no-cache rebuilds everything.
        File.WriteAllText(Path.Combine(ctx, "dir", "a"), "changed\n");
        var changed = _docker.Build(ctx);
        Assert.True(changed.Code == 0, changed.Err);
        Assert.Equal(11, CountCacheHits(changed.Out)); // ARG ARG ENV ENV LABEL LABEL MAINTAINER WORKDIR×3 COPY hello.txt
        var noCache = _docker.Build(ctx, "--no-cache");
        Assert.True(noCache.Code == 0, noCache.Err);
        Assert.Equal(0, CountCacheHits(noCache.Out));
    }

    [Fact]
    public void BuilderPruneForgetsTheCache()
    {
        string ctx = BuildCorpus.Write(_dir, "prune", "FROM busybox\nRUN echo prune > /p\n");
        _docker.BuildOk(ctx);
        var again = _docker.Build(ctx);
        Assert.True(again.Code == 0, again.Err);
        Assert.Equal(1, CountCacheHits(again.Out));
        var df = _docker.Run("system", "df");
        Assert.True(df.Code == 0, df.Err);
        Assert.Contains("Build Cache", df.Out);
        var prune = _docker.Run("builder", "prune", "-af");
        Assert.True(prune.Code == 0, prune.Out + prune.Err);
        Assert.Contains("Total reclaimed space", prune.Out);
        var after = _docker.Build(ctx);
        Assert.True(after.Code == 0, after.Err);
        Assert.Equal(0, CountCacheHits(after.Out));
    }

    private static int CountCacheHits(string output) => output.Split('\n').Count(l => l == " ---> Using cache");

    [Fact]
    public void MultiStageWithCopyFromTargetAndScratch()
    {
        string ctx = BuildCorpus.Write(_dir, "multi", BuildCorpus.MultiStage);
        var r = _docker.Build(ctx, "--target", "final", "--build-arg", "VERSION=7", "-t", "multi:final");
        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.DoesNotContain("exit 42", r.Out); // the unused stage is skipped
        Assert.Equal("v7\n", _docker.Ok("run", "--rm", "multi:final"));
        // No applet links in this image: busybox's own stat, named explicitly.
        string files = _docker.Ok("run", "--rm", "--entrypoint", "/bin/busybox", "multi:final", "stat", "-c", "%n %F %a %u:%g %s", "/out/version", "/out/private", "/bin/busybox", "/bin/sh");
        Assert.Contains("/out/version regular file 755 0:0 3\n", files);
        Assert.Contains("/out/private regular file 600 0:0 7\n", files);
        Assert.Contains("/bin/busybox regular file 755 0:0", files);
        Assert.Contains("/bin/sh regular file 755 0:0", files);
        // An image built FROM scratch has only the copied layers.
        Assert.Equal("3", _docker.Ok("image", "inspect", "-f", "{{len .RootFS.Layers}}", "multi:final").Trim());
        Assert.Equal(["PATH=/bin"], List(_docker.Config("multi:final"), "Env"));

        // The last stage by default, built on the final one.
        var all = _docker.Build(ctx, "-t", "multi:tested");
        Assert.True(all.Code == 0, all.Out + all.Err);
        Assert.DoesNotContain("exit 42", all.Out);

        var bad = _docker.Build(ctx, "--target", "nope");
        Assert.NotEqual(0, bad.Code);
        Assert.Contains("nope", bad.Err);
    }

    [Fact]
    public void BuildArgsDefaultsOverridesAndUnusedWarning()
    {
        string ctx = BuildCorpus.Write(_dir, "args", """
            ARG TAG=latest
            FROM busybox:${TAG}
            ARG TAG
            ARG WHO=nobody
            ARG EMPTY
            ENV FROM_ARG=${WHO}
            RUN echo "tag=$TAG who=$WHO empty=[$EMPTY] proxy=$HTTP_PROXY" > /args
            """);
        var r = _docker.Build(ctx, "--build-arg", "WHO=berth", "--build-arg", "HTTP_PROXY=http://proxy:3128", "--build-arg", "NOT_DECLARED=1", "-t", "args:1");
        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Contains("[Warning] One or more build-args [NOT_DECLARED] were not consumed", r.Out);
        Assert.Equal("tag=latest who=berth empty=[] proxy=http://proxy:3128\n", _docker.Ok("run", "--rm", "args:1", "cat", "/args"));
        Assert.Contains("FROM_ARG=berth", List(_docker.Config("args:1"), "Env"));
        // Predefined proxy args are not written into the history.
        Assert.DoesNotContain("proxy:3128", _docker.Ok("history", "--no-trunc", "args:1"));
    }

    [Fact]
    public void DockerignoreAndDockerfilesFromElsewhere()
    {
        string ctx = BuildCorpus.Write(_dir, "ignore", BuildCorpus.Dockerignore, BuildCorpus.DockerignoreFile);
        _docker.BuildOk(ctx, "-t", "ignore:1");
        string listing = _docker.Ok("run", "--rm", "ignore:1", "cat", "/listing");
        Assert.Contains("./secret/keep.txt\n", listing);
        Assert.Contains("./dir/sub/b\n", listing);
        Assert.Contains("./Dockerfile\n", listing);
        Assert.Contains("./.dockerignore\n", listing);
        foreach (var gone in new[] { "build.log", "secret/drop.txt", "c.tmp", "Dockerfile.other" })
            Assert.DoesNotContain(gone, listing);

        // -f with a Dockerfile outside the context, and from stdin, with and without a context.
        string outside = Path.Combine(_dir, "elsewhere.Dockerfile");
        File.WriteAllText(outside, "FROM busybox\nCOPY hello.txt /from-outside\n");
        string id = _docker.BuildOk(ctx, "-f", outside);
        Assert.Equal("hi\n", _docker.Ok("run", "--rm", id, "cat", "/from-outside"));
        var stdin = _docker.RunWithInput("FROM busybox\nCOPY hello.txt /from-stdin\n", "build", "-q", "-f-", ctx);
        Assert.True(stdin.Code == 0, stdin.Err);
        Assert.Equal("hi\n", _docker.Ok("run", "--rm", stdin.Out.Trim(), "cat", "/from-stdin"));
        var bare = _docker.RunWithInput("FROM busybox\nRUN echo no context > /bare\n", "build", "-q", "-");
        Assert.True(bare.Code == 0, bare.Err);
        Assert.Equal("no context\n", _docker.Ok("run", "--rm", bare.Out.Trim(), "cat", "/bare"));
        // A Dockerfile the .dockerignore excludes is still read (the CLI sends it).
        string other = Path.Combine(ctx, "Dockerfile.other");
        File.WriteAllText(other, "FROM busybox\nLABEL other=yes\n");
        Assert.Equal("yes", _docker.Ok("image", "inspect", "-f", "{{index .Config.Labels \"other\"}}", _docker.BuildOk(ctx, "-f", other)).Trim());
    }

    [Fact]
    public void QuietIidfileAndLabels()
    {
        string ctx = BuildCorpus.Write(_dir, "quiet", "FROM busybox\nRUN echo quiet > /q\n");
        string iid = Path.Combine(_dir, "iid");
        var r = _docker.Build(ctx, "-q", "--iidfile", iid, "--label", "built.by=test", "-t", "quiet:1");
        Assert.True(r.Code == 0, r.Err);
        string id = r.Out.Trim();
        Assert.Matches("^sha256:[0-9a-f]{64}$", id);
        Assert.Equal(id, File.ReadAllText(iid).Trim());
        Assert.Equal("test", _docker.Config("quiet:1").GetProperty("Labels").GetProperty("built.by").GetString());
        Assert.DoesNotContain("Step", r.Out);
    }

    [Fact]
    public void AFailingRunNamesTheCommandAndItsCodeAndLeavesNothingBehind()
    {
        string ctx = BuildCorpus.Write(_dir, "fail", BuildCorpus.FailingRun);
        var r = _docker.Build(ctx, "-t", "failed:1");
        Assert.Equal(3, r.Code);
        Assert.Contains("to-stdout", r.Out);
        Assert.Contains("to-stderr", r.Out + r.Err);
        Assert.Contains("The command '/bin/sh -c echo to-stdout; echo to-stderr >&2; exit 3' returned a non-zero code: 3", r.Out + r.Err);
        Assert.DoesNotContain("echo never", r.Out);
        Assert.NotEqual(0, _docker.Run("image", "inspect", "failed:1").Code);
        Assert.Equal("", _docker.Ok("ps", "-aq"));
        AssertNoBuildLeftovers();

        // -q shows the failing build's output after all.
        var quiet = _docker.Build(ctx, "-q");
        Assert.Equal(3, quiet.Code);
        Assert.Contains("to-stdout", quiet.Out + quiet.Err);
        AssertNoBuildLeftovers();
    }

    /// <summary>
    /// No step mount, view, run directory or context left once builds are over (the daemon cleans up after it has
    /// answered, so this waits a little for it).
    /// </summary>
    private void AssertNoBuildLeftovers()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                CheckNoBuildLeftovers();
                return;
            }
            catch (Xunit.Sdk.XunitException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }

    private void CheckNoBuildLeftovers()
    {
        var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(m => m.StartsWith(_d.Root, StringComparison.Ordinal) && m.Contains("/build/", StringComparison.Ordinal)).ToList();
        Assert.Empty(mounts);
        string run = Path.Combine(_d.ExecRoot, "build");
        foreach (var sub in new[] { "mnt", "views", "run", "init", "rw", "secrets", "pipes" })
        {
            string d = Path.Combine(run, sub);
            if (Directory.Exists(d)) Assert.Empty(Directory.EnumerateFileSystemEntries(d));
        }
        string contexts = Path.Combine(_d.DataRoot, "build", "contexts");
        if (Directory.Exists(contexts)) Assert.Empty(Directory.EnumerateFileSystemEntries(contexts));
    }

    [Theory]
    [InlineData("FROM busybox\nRUN true\nFOO bar\n", "3", "unknown instruction: FOO")]
    [InlineData("FROM busybox\nENV =x\n", "2", "ENV names can not be blank")]
    [InlineData("FROM busybox\nCOPY\n", "2", "COPY requires at least two arguments")]
    [InlineData("RUN true\n", "1", "FROM")]
    public void SyntaxErrorsNameTheLineAndTagNothing(string dockerfile, string line, string message)
    {
        string ctx = BuildCorpus.Write(_dir, "syntax-" + line + "-" + message.Length, dockerfile.TrimEnd('\n'));
        var r = _docker.Build(ctx, "-t", "syntax:bad");
        Assert.Equal(1, r.Code);
        Assert.Contains("Error response from daemon", r.Err);
        Assert.Contains(message, r.Err);
        Assert.Contains(line, r.Err);
        Assert.DoesNotContain("Step ", r.Out);
        Assert.NotEqual(0, _docker.Run("image", "inspect", "syntax:bad").Code);
        // The API answers 400 with Docker's error body.
        var (status, body) = PostBuild(_d.Socket, Path.Combine(ctx, "Dockerfile"));
        Assert.Equal(400, status);
        Assert.Contains("\"message\":", body);
    }

    [Fact]
    public void AMissingCopySourceIsNamed()
    {
        string ctx = BuildCorpus.Write(_dir, "missing", "FROM busybox\nCOPY does-not-exist.txt /\n");
        var r = _docker.Build(ctx);
        Assert.Equal(1, r.Code);
        Assert.Contains("does-not-exist.txt", r.Err + r.Out);
        Assert.Contains("Dockerfile:2", r.Err + r.Out);
        AssertNoBuildLeftovers();
    }

    [Fact]
    public void SourceDateEpochMakesBuildsReproducible()
    {
        string ctx = BuildCorpus.Write(_dir, "epoch", BuildCorpus.AllInstructions);
        string a = _docker.BuildOk(ctx, "--no-cache", "--build-arg", "SOURCE_DATE_EPOCH=1700000000");
        Thread.Sleep(1100);
        string b = _docker.BuildOk(ctx, "--no-cache", "--build-arg", "SOURCE_DATE_EPOCH=1700000000");
        Assert.Equal(a, b);
        Assert.Equal("2023-11-14T22:13:20Z", _docker.Ok("image", "inspect", "-f", "{{.Created}}", a).Trim());
        string multi = BuildCorpus.Write(_dir, "epoch-multi", BuildCorpus.MultiStage);
        Assert.Equal(_docker.BuildOk(multi, "--no-cache", "--build-arg", "SOURCE_DATE_EPOCH=1"), _docker.BuildOk(multi, "--no-cache", "--build-arg", "SOURCE_DATE_EPOCH=1"));
        // Without it, the second build differs (its timestamps do).
        Assert.NotEqual(_docker.BuildOk(ctx, "--no-cache"), a);
    }

    [Fact]
    public void OnbuildTriggersRunInTheChildStage()
    {
        string ctx = BuildCorpus.Write(_dir, "onbuild", BuildCorpus.Onbuild);
        var r = _docker.Build(ctx, "-t", "onbuild:1");
        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Contains("# Executing 2 build triggers", r.Out);
        Assert.Contains("triggered", r.Out);
        Assert.Contains("FROM_TRIGGER=yes", List(_docker.Config("onbuild:1"), "Env"));
        Assert.Empty(List(_docker.Config("onbuild:1"), "OnBuild"));
    }

    [Fact]
    public void ModernSyntaxOnTheClassicApi()
    {
        string ctx = BuildCorpus.Write(_dir, "modern", BuildCorpus.Modern);
        var r = _docker.Build(ctx, "-t", "modern:1");
        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Equal("hello world\nsecond\n--\nname=world\n--\nset two  dflt words\n--\nhi\n",
            _docker.Ok("run", "--rm", "modern:1", "sh", "-c", "cat /heredoc; echo --; cat /etc/generated.conf; echo --; cat /expand; echo --; cat /bound"));
        string files = _docker.Files("modern:1", "/hello.txt", "/hello-sym.txt", "/cache", "/scratch", "/mnt");
        Assert.Contains("/hello.txt regular file 750 0:0 3\n", files);
        Assert.Contains("/hello-sym.txt regular file 640 7:8 3\n", files);
        // Mount targets leave nothing in the image.
        Assert.DoesNotContain("/cache", files);
        Assert.DoesNotContain("/scratch", files);
        Assert.DoesNotContain("/mnt/hello.txt", files);
        // The cache mount keeps its contents for the next build.
        var again = _docker.Build(ctx, "--no-cache");
        Assert.True(again.Code == 0, again.Out + again.Err);
        Assert.Equal("cached\ncached\n", _docker.Ok("run", "--rm", ImageIdOf(again.Out), "cat", "/cache-seen"));
    }

    private string ImageIdOf(string output)
    {
        var line = output.Split('\n').Last(l => l.StartsWith("Successfully built ", StringComparison.Ordinal));
        return line["Successfully built ".Length..].Trim();
    }

    [Fact]
    public void AddDownloadsUrls()
    {
        using var server = new OneFileServer("remote content\n");
        string ctx = BuildCorpus.Write(_dir, "url", BuildCorpus.AddUrl(server.Port));
        var r = _docker.Build(ctx, "-t", "url:1");
        Assert.True(r.Code == 0, r.Out + r.Err);
        string files = _docker.Files("url:1", "/remote", "/renamed.txt");
        Assert.Contains("/remote/remote.txt regular file 600 0:0 15\n", files);
        Assert.Contains("/renamed.txt regular file 600 0:0 15\n", files);
        Assert.Equal("remote content\n", _docker.Ok("run", "--rm", "url:1", "cat", "/renamed.txt"));
    }

    [Fact]
    public void TheBerthCliBuildsToo()
    {
        string ctx = BuildCorpus.Write(_dir, "berth-cli", "FROM busybox\nARG X=1\nRUN echo berth-cli $X > /b\nCMD [\"cat\", \"/b\"]\n");
        var r = _d.Berth("build", "-t", "berthcli:1", "--build-arg", "X=2", ctx);
        Assert.True(r.Code == 0, r.Out + r.Err);
        Assert.Contains("Step 3/4 : RUN echo berth-cli $X > /b", r.Out);
        Assert.Contains("Successfully tagged berthcli:1", r.Out);
        Assert.Equal("berth-cli 2\n", _docker.Ok("run", "--rm", "berthcli:1"));
    }

    /// <summary>POST /build with a tar holding just this Dockerfile: the status and body.</summary>
    private static (int Status, string Body) PostBuild(string socket, string dockerfile)
    {
        var tar = new MemoryStream();
        using (var w = new System.Formats.Tar.TarWriter(tar, System.Formats.Tar.TarEntryFormat.Ustar, leaveOpen: true))
            w.WriteEntry(dockerfile, "Dockerfile");
        using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        s.Connect(new UnixDomainSocketEndPoint(socket));
        using var stream = new NetworkStream(s);
        var head = $"POST /v1.41/build HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-tar\r\nContent-Length: {tar.Length}\r\nConnection: close\r\n\r\n";
        stream.Write(Encoding.ASCII.GetBytes(head));
        stream.Write(tar.ToArray());
        string response = new StreamReader(stream).ReadToEnd();
        int status = int.Parse(response.Split(' ')[1]);
        return (status, response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }

    /// <summary>An HTTP server on 127.0.0.1 that answers every GET with one file (with a Last-Modified date).</summary>
    private sealed class OneFileServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public OneFileServer(string content)
        {
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    TcpClient client;
                    try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                    catch (OperationCanceledException) { break; }
                    catch (SocketException) { break; }
                    using (client)
                    {
                        var stream = client.GetStream();
                        var reader = new StreamReader(stream, Encoding.ASCII);
                        while (await reader.ReadLineAsync() is { Length: > 0 }) { }
                        byte[] body = Encoding.UTF8.GetBytes(content);
                        string head = $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nLast-Modified: Tue, 15 Nov 1994 12:45:26 GMT\r\nConnection: close\r\n\r\n";
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                        await stream.WriteAsync(body);
                    }
                }
            });
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            try { _loop.Wait(5000); } catch (AggregateException) { }
            _stop.Dispose();
        }
    }
}
