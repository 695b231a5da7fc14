using System.Text;
using Berth.Linux.Sockets;
using Berth.Oci.Runtime;
using Berth.Runtime.Hooks;
using Berth.Runtime.Init;

namespace Berth.Runtime.Tests;

public sealed class InitChannelAndHookTests
{
    [Fact]
    public void MessagesKeepTheirBoundaries()
    {
        var (a, b) = UnixSocket.Pair();
        using var left = new InitChannel(a);
        using var right = new InitChannel(b);
        left.Send(InitMessage.Config, Encoding.UTF8.GetBytes("{\"mode\":\"exec\"}"));
        left.Send(InitMessage.Ready);
        left.SendError("boom");
        var first = right.Receive()!.Value;
        Assert.Equal(InitMessage.Config, first.Type);
        Assert.Equal("{\"mode\":\"exec\"}", Encoding.UTF8.GetString(first.Payload));
        Assert.Empty(right.Expect(InitMessage.Ready));
        var e = Assert.Throws<RuntimeException>(() => right.Expect(InitMessage.Start));
        Assert.Equal("boom", e.Message);
        left.Dispose();
        Assert.Null(right.Receive());
    }

    [Fact]
    public void HookGetsTheStateAndItsEnvironment()
    {
        string dir = Directory.CreateTempSubdirectory("berth-hook-").FullName;
        try
        {
            string output = Path.Combine(dir, "out");
            var hook = new RuntimeHook { Path = "/bin/sh", Args = ["sh", "-c", $"cat > {output}; echo \"$FOO\" >> {output}"], Env = ["FOO=bar"] };
            HookRunner.RunOne(hook, "prestart", Encoding.UTF8.GetBytes("{\"id\":\"x\"}"));
            Assert.Equal("{\"id\":\"x\"}bar\n", File.ReadAllText(output));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void FailingAndSlowHooksAreErrors()
    {
        var failing = Assert.Throws<RuntimeException>(() => HookRunner.RunOne(new RuntimeHook { Path = "/bin/sh", Args = ["sh", "-c", "exit 3"] }, "poststart", []));
        Assert.Equal("poststart hook /bin/sh exited with status 3", failing.Message);
        var slow = Assert.Throws<RuntimeException>(() => HookRunner.RunOne(new RuntimeHook { Path = "/bin/sleep", Args = ["sleep", "10"], Timeout = 1 }, "createRuntime", []));
        Assert.Equal("createRuntime hook /bin/sleep timed out after 1 s", slow.Message);
        var missing = Assert.Throws<RuntimeException>(() => HookRunner.RunOne(new RuntimeHook { Path = "/no/hook" }, "prestart", []));
        Assert.StartsWith("prestart hook /no/hook: no such file", missing.Message);
        var log = new ListLog();
        HookRunner.RunAll([new RuntimeHook { Path = "/bin/false" }, new RuntimeHook { Path = "/bin/true" }], "poststop", [], log);
        Assert.Single(log.Lines);
    }

    [Fact]
    public void ExecutableLookupFollowsPath()
    {
        Assert.Equal("/bin/sh", ExecutableLookup.Find("/bin/sh", []));
        Assert.EndsWith("/sh", ExecutableLookup.Find("sh", ["PATH=/nonexistent:/bin"]));
        Assert.Contains("executable file not found in $PATH", Assert.Throws<RuntimeException>(() => ExecutableLookup.Find("no-such-prog", ["PATH=/bin"])).Message);
        Assert.Contains("no such file or directory", Assert.Throws<RuntimeException>(() => ExecutableLookup.Find("/no/such", [])).Message);
        string plain = Path.GetTempFileName();
        try
        {
            File.SetUnixFileMode(plain, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Assert.Contains("permission denied", Assert.Throws<RuntimeException>(() => ExecutableLookup.Find(plain, [])).Message);
        }
        finally { File.Delete(plain); }
    }

    [Fact]
    public void FeaturesAreTruthful()
    {
        var f = Spec.Features.Describe();
        Assert.Equal(["cgroup", "ipc", "mount", "network", "pid", "uts"], f.Linux!.Namespaces);
        Assert.False(f.Linux.Cgroup!.Systemd);
        Assert.Contains("rro", f.MountOptions!);
        Assert.Contains("CAP_SYS_ADMIN", f.Linux.Capabilities!);
        foreach (var o in f.MountOptions!) Spec.MountOptionParser.Parse([o]);
    }

    private sealed class ListLog : IRuntimeLog
    {
        public List<string> Lines { get; } = new();
        public bool IsEnabled(RuntimeLogLevel level) => true;
        public void Write(RuntimeLogLevel level, string message) => Lines.Add(message);
    }
}
