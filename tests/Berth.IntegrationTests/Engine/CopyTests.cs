using System.Diagnostics;
using Berth.IntegrationTests.Cli;
using Berth.IntegrationTests.Daemon;

namespace Berth.IntegrationTests.Engine;

/// <summary>docker cp in both directions, running and stopped containers, Docker's path and symlink rules, errors.</summary>
[Trait("Category", "Integration")]
[Collection("engine")]
public sealed class CopyTests(BerthdFixture daemon) : EngineTest(daemon)
{
    private static string Tree(string root)
    {
        var lines = new List<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string rel = Path.GetRelativePath(root, path);
            var info = new FileInfo(path);
            if (info.LinkTarget is { } link) lines.Add($"{rel} -> {link}");
            else if (Directory.Exists(path)) lines.Add(rel + "/");
            else lines.Add($"{rel} {File.ReadAllText(path)}");
        }
        return string.Join('\n', lines);
    }

    private string SampleTree()
    {
        string dir = Path.Combine(TempDir(), "src");
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        File.WriteAllText(Path.Combine(dir, "a.txt"), "alpha");
        File.WriteAllText(Path.Combine(dir, "sub", "b.txt"), "beta");
        File.CreateSymbolicLink(Path.Combine(dir, "rel"), "a.txt");
        File.CreateSymbolicLink(Path.Combine(dir, "abs"), "/etc/passwd");
        return dir;
    }

    [Fact]
    public void DirectoryRoundTripThroughARunningContainer()
    {
        string c = Container("cprun"), src = SampleTree(), back = Path.Combine(TempDir(), "back");
        Ok("run", "-d", "--name", c, "busybox", "sleep", "300");
        Ok("cp", src, c + ":/tmp/");
        Assert.Equal("alpha", Ok("exec", c, "cat", "/tmp/src/a.txt"));
        Assert.Equal("a.txt", Ok("exec", c, "readlink", "/tmp/src/rel").Trim());
        Ok("cp", c + ":/tmp/src", back);
        Assert.Equal(Tree(src), Tree(back));
        // "dir/." copies the contents; a file copied onto a new name takes that name.
        Ok("cp", src + "/.", c + ":/tmp/contents");
        Assert.Equal(["a.txt", "abs", "rel", "sub"], Lines(Ok("exec", c, "ls", "/tmp/contents")));
        Ok("cp", Path.Combine(src, "a.txt"), c + ":/tmp/renamed.txt");
        Assert.Equal("alpha", Ok("exec", c, "cat", "/tmp/renamed.txt"));
        // A symlink is copied as a link, or followed with -L.
        string links = TempDir();
        Ok("cp", c + ":/tmp/src/rel", Path.Combine(links, "plain"));
        Assert.Equal("a.txt", new FileInfo(Path.Combine(links, "plain")).LinkTarget);
        Ok("cp", "-L", c + ":/tmp/src/rel", Path.Combine(links, "followed"));
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(links, "followed")));
        // To stdout as a tar.
        var tar = ProcessRunner.Shell($"{Binaries.Docker} cp {c}:/tmp/src - | tar -t | sort", D.Env);
        Assert.Equal(["src/", "src/a.txt", "src/abs", "src/rel", "src/sub/", "src/sub/b.txt"], Lines(tar.Out));
    }

    [Fact]
    public void StoppedContainerWithAVolumeAndDockersOwnershipRules()
    {
        string c = Container("cpstopped"), vol = Volume("cpvol"), src = SampleTree();
        Ok("create", "--name", c, "-u", "1234:2345", "-v", vol + ":/data", "busybox", "true");
        Ok("cp", src, c + ":/data/");
        Ok("cp", "-a", Path.Combine(src, "a.txt"), c + ":/owned.txt");
        Ok("cp", Path.Combine(src, "a.txt"), c + ":/plain.txt");
        // The copy into the stopped container's volume is in the volume itself.
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(D.DataRoot, "volumes", vol, "_data", "src", "a.txt")));
        var owned = ProcessRunner.Shell($"{Binaries.Docker} cp {c}:/owned.txt - | tar -tv", D.Env).Out;
        Assert.Contains("1234/2345", owned);
        var plain = ProcessRunner.Shell($"{Binaries.Docker} cp {c}:/plain.txt - | tar -tv", D.Env).Out;
        Assert.Contains("0/0", plain);
        string back = Path.Combine(TempDir(), "data");
        Ok("cp", c + ":/data/src", back);
        Assert.Equal(Tree(src), Tree(back));
        Assert.Equal("stopped-ok", Ok("run", "--rm", "--volumes-from", c, "busybox", "sh", "-c", "test -f /data/src/sub/b.txt && echo stopped-ok").Trim());
    }

    [Fact]
    public void MissingPathsAndConflictsGiveDockersErrorsAndChangeNothing()
    {
        string c = Container("cperr"), src = SampleTree();
        Ok("run", "-d", "--name", c, "busybox", "sh", "-c", "echo original > /tmp/file; sleep 300");
        Assert.Contains($"Could not find the file /nope in container {c}", Fails("cp", c + ":/nope", TempDir()));
        Assert.Contains($"Could not find the file /no/such in container {c}", Fails("cp", Path.Combine(src, "a.txt"), c + ":/no/such/file"));
        // A directory onto a file is refused and leaves the file as it was.
        Fails("cp", src, c + ":/tmp/file");
        Assert.Equal("original", Ok("exec", c, "cat", "/tmp/file").Trim());
        // Extracting into something that is not a directory.
        var tarPath = Path.Combine(TempDir(), "one.tar");
        ProcessRunner.Run("tar", ["-cf", tarPath, "-C", src, "a.txt"]);
        var intoFile = ProcessRunner.Shell($"{Binaries.Docker} cp - {c}:/tmp/file < {tarPath}", D.Env);
        Assert.NotEqual(0, intoFile.Code);
        Assert.Equal("original", Ok("exec", c, "cat", "/tmp/file").Trim());
        Assert.Contains("No such container", Fails("cp", src, Name("ghost") + ":/tmp"));
    }

    [Fact]
    public void ReadOnlyRootfsIsRefusedButItsVolumesAreWritable()
    {
        string c = Container("cpro"), src = SampleTree();
        Ok("run", "-d", "--name", c, "--read-only", "-v", "/data", "busybox", "sleep", "300");
        Assert.Contains("read-only", Fails("cp", Path.Combine(src, "a.txt"), c + ":/a.txt"));
        Ok("cp", Path.Combine(src, "a.txt"), c + ":/data/a.txt");
        Assert.Equal("alpha", Ok("exec", c, "cat", "/data/a.txt"));
    }

    [Fact]
    public void SymlinksInsideTheContainerResolveInsideItsRoot()
    {
        string c = Container("cplinks"), host = TempDir();
        File.WriteAllText(Path.Combine(host, "secret"), "HOST");
        // /escape -> / and /abs -> the host path: both mean the container's own files.
        Ok("run", "-d", "--name", c, "busybox", "sh", "-c",
            $"mkdir -p {host} && echo CONTAINER > {host}/secret && ln -s / /escape && ln -s {host}/secret /abs && ln -s ../../../../.. /up && sleep 300");
        string outDir = TempDir();
        Ok("cp", $"{c}:/escape{host}/secret", Path.Combine(outDir, "1"));
        Ok("cp", "-L", $"{c}:/abs", Path.Combine(outDir, "2"));
        Ok("cp", $"{c}:/up{host}/secret", Path.Combine(outDir, "3"));
        foreach (var n in new[] { "1", "2", "3" }) Assert.Equal("CONTAINER\n", File.ReadAllText(Path.Combine(outDir, n)));
        File.WriteAllText(Path.Combine(outDir, "injected"), "x");
        Ok("cp", Path.Combine(outDir, "injected"), $"{c}:/escape{host}/");
        Ok("cp", Path.Combine(outDir, "injected"), $"{c}:/up{host}/");
        Assert.False(File.Exists(Path.Combine(host, "injected")));
        Assert.Equal("x", Ok("exec", c, "cat", $"{host}/injected"));
        Assert.Equal("HOST", File.ReadAllText(Path.Combine(host, "secret")));
    }

    /// <summary>
    /// CVE-2018-15664: while docker cp runs, a process in the container keeps swapping a directory for a symlink to
    /// "/". Every path must be resolved inside the container's root, so the copy only ever sees container files and
    /// never reads or writes the host's.
    /// </summary>
    [Fact]
    public void SymlinkSwapRaceNeverReachesTheHost()
    {
        string c = Container("cprace"), host = TempDir();
        string marker = "HOST-" + Tag;
        File.WriteAllText(Path.Combine(host, "secret"), marker);
        // /w/dir is a real directory holding a copy of the host path; /w/link is a symlink to /. They swap all the time.
        string script = $"mkdir -p /w/dir{host} && echo CONTAINER > /w/dir{host}/secret && ln -s / /w/link && " +
            "while true; do mv /w/dir /w/tmp; mv /w/link /w/dir; mv /w/dir /w/link; mv /w/tmp /w/dir; done";
        Ok("run", "-d", "--name", c, "busybox", "sh", "-c", script);
        string outDir = TempDir(), payload = Path.Combine(TempDir(), "payload-" + Tag);
        File.WriteAllText(payload, "from-cp");
        int seenContainer = 0;
        var deadline = Stopwatch.StartNew();
        for (int i = 0; i < 60 && deadline.Elapsed < TimeSpan.FromSeconds(90); i++)
        {
            string dest = Path.Combine(outDir, "out" + i);
            var r = Docker("cp", $"{c}:/w/dir{host}/secret", dest);
            if (r.Code == 0 && File.Exists(dest))
            {
                string got = File.ReadAllText(dest);
                Assert.DoesNotContain(marker, got);
                if (got == "CONTAINER\n") seenContainer++;
            }
            // The whole directory (to stdout): never a host file in it.
            var tar = ProcessRunner.Shell($"{Binaries.Docker} cp {c}:/w/dir{host} - | tar -xO 2>/dev/null", D.Env);
            Assert.DoesNotContain(marker, tar.Out);
            // Into the swapping directory: must land in the container, never in the host directory.
            Docker("cp", payload, $"{c}:/w/dir{host}/");
            Assert.False(File.Exists(Path.Combine(host, Path.GetFileName(payload))), "docker cp wrote to the host");
            Assert.Equal(marker, File.ReadAllText(Path.Combine(host, "secret")));
        }
        // The race ran: some copies succeeded and saw the container's file (proves the test exercised the path).
        Assert.True(seenContainer > 0, "no copy succeeded during the race");
        Assert.Equal([marker], Lines(string.Join('\n', Directory.GetFiles(host).Select(File.ReadAllText))));
    }
}
