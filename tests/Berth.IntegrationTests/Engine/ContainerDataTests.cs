using System.Text.Json;
using Berth.IntegrationTests.Cli;
using Berth.IntegrationTests.Daemon;

namespace Berth.IntegrationTests.Engine;

/// <summary>diff, export, commit, stats, top and update through the real docker CLI (and stats over HTTP).</summary>
[Trait("Category", "Integration")]
[Collection("engine")]
public sealed class ContainerDataTests(BerthdFixture daemon) : EngineTest(daemon)
{
    [Fact]
    public void DiffListsAddedChangedAndDeletedButNotTheInitFiles()
    {
        string c = Container("diff");
        Ok("run", "--name", c, "busybox", "sh", "-c", "echo new > /tmp/new && rm /bin/vi && mkdir /made");
        var changes = Lines(Ok("diff", c));
        Assert.Contains("A /tmp/new", changes);
        Assert.Contains("C /tmp", changes);
        Assert.Contains("D /bin/vi", changes);
        Assert.Contains("C /bin", changes);
        Assert.Contains("A /made", changes);
        Assert.DoesNotContain(changes, l => l.Contains("/etc/hosts") || l.Contains("/etc/resolv.conf") || l.Contains("/etc/hostname"));
        // A fresh container changed nothing.
        string fresh = Container("fresh");
        Ok("run", "--name", fresh, "busybox", "true");
        Assert.Equal("", Ok("diff", fresh).Trim());
        Assert.Contains("No such container", Fails("diff", Name("ghost")));
    }

    [Fact]
    public void ExportHasTheContainersFilesButNotItsVolumes()
    {
        string c = Container("export"), dir = TempDir();
        Ok("run", "--name", c, "-v", "/data", "busybox", "sh", "-c", "echo exported > /root/f && echo vol > /data/v");
        string tar = Path.Combine(dir, "c.tar");
        Ok("export", "-o", tar, c);
        var names = Lines(ProcessRunner.Run("tar", ["-tf", tar]).Out);
        Assert.Contains("bin/busybox", names);
        Assert.Contains("root/f", names);
        Assert.DoesNotContain("data/v", names);
        Assert.Equal("exported\n", ProcessRunner.Run("tar", ["-xOf", tar, "root/f"]).Out);
        // A running container exports too.
        string running = Container("exportrun");
        Ok("run", "-d", "--name", running, "busybox", "sh", "-c", "echo live > /live; sleep 300");
        WaitFor(() => Docker("exec", running, "test", "-f", "/live").Code == 0);
        var live = ProcessRunner.Shell($"{Binaries.Docker} export {running} | tar -xO live", D.Env);
        Assert.Equal("live\n", live.Out);
    }

    [Fact]
    public void CommitKeepsChangesConfigAuthorAndMessage()
    {
        string c = Container("commit"), image = Image("committed");
        Ok("run", "-d", "--name", c, "-e", "FROM_RUN=1", "busybox", "sh", "-c", "echo layer > /committed; sleep 300");
        WaitFor(() => Docker("exec", c, "test", "-f", "/committed").Code == 0);
        string id = Ok("commit", "-a", "it author", "-m", "it message", "--change", "ENV ADDED=yes", "--change", "CMD [\"cat\", \"/committed\"]",
            "--change", "EXPOSE 8080", "--change", "LABEL it5=" + Tag, "--change", "WORKDIR /root",
            "--change", "HEALTHCHECK --interval=5s --retries=2 CMD true", c, image).Trim();
        Assert.StartsWith("sha256:", id);
        // Paused for the commit, running again after.
        Assert.Equal("running", Ok("inspect", "-f", "{{.State.Status}}", c).Trim());
        Assert.Equal("layer", Ok("run", "--rm", image).Trim());
        using var doc = JsonDocument.Parse(Ok("image", "inspect", image));
        var img = doc.RootElement[0];
        Assert.Equal("it author", img.GetProperty("Author").GetString());
        Assert.Equal("it message", img.GetProperty("Comment").GetString());
        var config = img.GetProperty("Config");
        var env = config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("ADDED=yes", env);
        Assert.Contains("FROM_RUN=1", env);
        Assert.Equal("/root", config.GetProperty("WorkingDir").GetString());
        Assert.True(config.GetProperty("ExposedPorts").TryGetProperty("8080/tcp", out _));
        Assert.Equal(Tag, config.GetProperty("Labels").GetProperty("it5").GetString());
        var hc = config.GetProperty("Healthcheck");
        Assert.Equal(["CMD-SHELL", "true"], hc.GetProperty("Test").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(5_000_000_000, hc.GetProperty("Interval").GetInt64());
        Assert.Contains("it message", Ok("history", "--no-trunc", image));
        Assert.Contains("is not a valid change command", Fails("commit", "--change", "RUN true", c, Image("badchange")));
    }

    [Fact]
    public void CommitOfAnUnchangedContainerWithoutPause()
    {
        string c = Container("commitempty"), image = Image("empty");
        Ok("create", "--name", c, "busybox", "true");
        Ok("commit", "--pause=false", c, image);
        Assert.Equal("ok", Ok("run", "--rm", image, "echo", "ok").Trim());
    }

    [Fact]
    public async Task StatsOneShotStreamAndStoppedContainer()
    {
        string c = Container("stats"), stopped = Container("statsstopped");
        Ok("run", "-d", "--name", c, "--memory", "64m", "--memory-swap", "128m", "busybox", "sleep", "300");
        Ok("create", "--name", stopped, "busybox", "true");
        var row = Ok("stats", "--no-stream", "--format", "{{.Name}}|{{.MemUsage}}|{{.PIDs}}|{{.CPUPerc}}", c).Trim().Split('|');
        Assert.Equal(c, row[0]);
        Assert.EndsWith("/ 64MiB", row[1]);
        Assert.Equal("1", row[2]);
        Assert.EndsWith("%", row[3]);
        var zero = Ok("stats", "--no-stream", "--format", "{{.MemUsage}}|{{.PIDs}}", stopped).Trim();
        Assert.Equal("0B / 0B|0", zero);

        // The stream over HTTP: one JSON document a second, with precpu from the previous sample.
        using var http = UnixHttp.Create(D.Socket);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await http.GetAsync($"/containers/{c}/stats?stream=true", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(200, (int)response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        using var first = JsonDocument.Parse((await reader.ReadLineAsync(cts.Token))!);
        using var second = JsonDocument.Parse((await reader.ReadLineAsync(cts.Token))!);
        Assert.Equal(64L * 1024 * 1024, second.RootElement.GetProperty("memory_stats").GetProperty("limit").GetInt64());
        Assert.True(second.RootElement.GetProperty("cpu_stats").GetProperty("system_cpu_usage").GetInt64()
            > first.RootElement.GetProperty("cpu_stats").GetProperty("system_cpu_usage").GetInt64());
        Assert.Equal(first.RootElement.GetProperty("cpu_stats").GetProperty("system_cpu_usage").GetInt64(),
            second.RootElement.GetProperty("precpu_stats").GetProperty("system_cpu_usage").GetInt64());
        var oneShot = await http.SendAsync("GET", $"/containers/{c}/stats?stream=false&one-shot=true");
        Assert.Equal(200, oneShot.Status);
        Assert.Equal(1, JsonDocument.Parse(oneShot.Body).RootElement.GetProperty("pids_stats").GetProperty("current").GetInt64());
    }

    [Fact]
    public void TopWithPsArguments()
    {
        string c = Container("top"), stopped = Container("topstopped");
        Ok("run", "-d", "--name", c, "busybox", "sh", "-c", "sleep 301 & sleep 302");
        WaitFor(() => Ok("top", c).Contains("sleep 302"));
        var top = Lines(Ok("top", c));
        Assert.StartsWith("UID", top[0]);
        Assert.Contains(top, l => l.Contains("sleep 301"));
        var custom = Lines(Ok("top", c, "-o", "pid,args"));
        Assert.Matches(@"^PID\s+COMMAND$", custom[0]);
        Assert.Contains(custom, l => l.EndsWith("sleep 302", StringComparison.Ordinal));
        var aux = Lines(Ok("top", c, "aux"));
        Assert.StartsWith("USER", aux[0]);
        Ok("create", "--name", stopped, "busybox", "true");
        Assert.Contains("is not running", Fails("top", stopped));
    }

    [Fact]
    public void UpdateMemoryAndCpusOfARunningContainer()
    {
        string c = Container("update");
        Ok("run", "-d", "--name", c, "busybox", "sleep", "300");
        Ok("update", "--memory", "48m", "--memory-swap", "96m", "--cpus", "0.5", "--pids-limit", "50", c);
        Assert.Equal("50331648 100663296 500000000 50",
            Ok("inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}}", c).Trim());
        Assert.EndsWith("/ 48MiB", Ok("stats", "--no-stream", "--format", "{{.MemUsage}}", c).Trim());
        // The container's own cgroup files (v1 or v2) show the new limits.
        var limits = Ok("exec", c, "sh", "-c",
            "cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory.max /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu.max 2>/dev/null; true");
        Assert.Contains("50331648", limits);
        Assert.Contains("50000", limits);
        // Docker's rule: a memory limit above the swap already set needs a new swap.
        Assert.Contains("update the memoryswap at the same time", Fails("update", "--memory", "200m", c));
        Ok("update", "--restart", "on-failure:3", c);
        Assert.Equal("on-failure 3", Ok("inspect", "-f", "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}", c).Trim());
        Assert.Contains("Conflicting options", Fails("update", "--cpus", "1", "--cpu-quota", "1000", c));
    }
}
