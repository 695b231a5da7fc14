namespace Berth.IntegrationTests.Cli;

/// <summary>
/// `-it` through a pseudo-terminal (util-linux `script`): raw mode, the container's exit status, detach keys
/// (ctrl-p ctrl-q, and --detach-keys on attach), exec -it — compared with the docker CLI.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TerminalTests(DockerdFixture daemon) : IClassFixture<DockerdFixture>
{
    /// <summary>Runs CLI ARGS on a pty, feeding the keystrokes after delays; returns exit code and terminal output.</summary>
    private ProcessRunner.Result OnPty(string cli, string args, string feed)
    {
        var env = daemon.Env(Path.Combine(daemon.Root, "cfg"));
        string command = $"({feed}) | script -qec \"{cli} {args}\" /dev/null";
        return ProcessRunner.Shell(command, env, TimeSpan.FromSeconds(60));
    }

    private static string Clean(string s) => s.Replace("berth", "docker");

    [Fact]
    public void InteractiveTtyRunBehavesLikeDocker()
    {
        const string feed = "sleep 2; printf 'echo hi-from-tty\\n'; sleep 1; printf 'exit 5\\n'";
        var d = OnPty(Binaries.Docker, "run -it --rm busybox sh", feed);
        var b = OnPty(Binaries.Berth, "run -it --rm busybox sh", feed);
        Assert.Equal(5, d.Code);
        Assert.Equal(5, b.Code);
        Assert.Contains("hi-from-tty\r\n", b.Out);
        // raw mode: the local terminal neither echoes nor doubles carriage returns
        Assert.DoesNotContain("\r\r\n", b.Out);
        Assert.Equal(Clean(d.Out), Clean(b.Out));
    }

    [Fact]
    public void DetachKeysLeaveTheContainerRunning()
    {
        foreach (var (cli, name) in new[] { (Binaries.Docker, "detd"), (Binaries.Berth, "detb") })
        {
            var r = OnPty(cli, $"run -it --name {name} busybox sh", "sleep 2; printf 'echo before\\n'; sleep 1; printf '\\x10\\x11'; sleep 1");
            Assert.Equal(0, r.Code);
            Assert.Contains("before", r.Out);
            Assert.Equal("running", daemon.Docker("inspect", "-f", "{{.State.Status}}", name).Out.Trim());
            var a = OnPty(cli, $"attach --detach-keys ctrl-a,ctrl-b {name}", "sleep 2; printf 'echo attached\\n'; sleep 1; printf '\\x01\\x02'; sleep 1");
            Assert.Equal(1, a.Code);
            Assert.Contains("read escape sequence", a.Out);
            var e = OnPty(cli, $"exec -it {name} sh", "sleep 2; printf 'echo inexec; exit 7\\n'; sleep 1");
            Assert.Equal(7, e.Code);
            Assert.Contains("inexec", e.Out);
            daemon.Docker("rm", "-f", name);
        }
    }

    [Fact]
    public void TtyWithoutTerminalIsRefused()
    {
        var env = daemon.Env(Path.Combine(daemon.Root, "cfg"));
        var r = ProcessRunner.Run(Binaries.Berth, ["run", "-it", "--rm", "busybox", "true"], env);
        Assert.Equal(1, r.Code);
        Assert.Equal("the input device is not a TTY\n", r.Err);
    }
}
