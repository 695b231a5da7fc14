using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Berth.Linux;
using Berth.Linux.Sockets;
using Berth.Oci.Runtime;

namespace Berth.IntegrationTests.Runtime;

/// <summary>process.terminal with --console-socket, and the hooks of the lifecycle.</summary>
[Trait("Category", "Integration")]
[Collection("runtime")]
public sealed class ConsoleAndHookTests : IDisposable
{
    private readonly RuntimeHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task TerminalMasterIsSentOverTheConsoleSocket()
    {
        string socketPath = Path.Combine(_h.Work, "console.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);
        string id = _h.NewId();
        string bundle = _h.Bundle(["sh", "-c", "tty; stty size; echo done"], s =>
        {
            s.Process!.Terminal = true;
            s.Process.ConsoleSize = new ConsoleSize { Height = 30, Width = 100 };
        });
        var accept = listener.AcceptAsync();
        var r = _h.Runtime("create", "--bundle", bundle, "--console-socket", socketPath, id);
        Assert.True(r.Code == 0, r.Stderr);
        using var conn = await accept;
        using var connFd = new SafeFd((int)conn.Handle, ownsHandle: false);
        UnixSocket.ReceiveFd(connFd, new byte[256], out var master);
        using (master)
        {
            Assert.False(master.IsInvalid);
            Assert.Equal(0, _h.Runtime("start", id).Code);
            var output = new StringBuilder();
            var buffer = new byte[4096];
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!output.ToString().Contains("done") && DateTime.UtcNow < deadline)
            {
                int n;
                try { n = FileDescriptors.Read(master, buffer); }
                catch (SyscallException) { break; }
                if (n <= 0) break;
                output.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }
            string text = output.ToString();
            Assert.Contains("/dev/pts/0", text);
            Assert.Contains("30 100", text);
        }
    }

    [Fact]
    public void TerminalWithoutConsoleSocketIsRefusedForCreate()
    {
        string bundle = _h.Bundle(["true"], s => s.Process!.Terminal = true);
        var r = _h.Runtime("create", "--bundle", bundle, _h.NewId());
        Assert.Equal(1, r.Code);
        Assert.Contains("console socket", r.Stderr);
    }

    [Fact]
    public void HooksRunAtTheirMomentsWithTheState()
    {
        string log = Path.Combine(_h.Work, "hooks.log");
        string script = Path.Combine(_h.Work, "hook.sh");
        File.WriteAllText(script, $"#!/bin/sh\nstate=$(cat)\necho \"$1 $state\" >> {log}\n");
        File.SetUnixFileMode(script, (UnixFileMode)0x1ed);
        RuntimeHook Hook(string name) => new() { Path = script, Args = [script, name], Timeout = 5 };
        string id = _h.NewId();
        // startContainer runs in the container after pivot_root: its path is the container's, and it logs to a bind mount.
        string bundle = _h.Bundle(["true"], s =>
        {
            s.Mounts!.Add(new RuntimeMount { Destination = "/hooklog", Type = "bind", Source = _h.Work, Options = ["bind"] });
            s.Hooks = new RuntimeHooks
            {
                Prestart = [Hook("prestart")],
                CreateRuntime = [Hook("createRuntime")],
                CreateContainer = [Hook("createContainer")],
                StartContainer = [new RuntimeHook { Path = "/bin/sh", Args = ["sh", "-c", "echo \"startContainer $(cat)\" >> /hooklog/hooks.log"] }],
                Poststart = [Hook("poststart")],
                Poststop = [Hook("poststop")],
            };
        });
        var r = _h.Runtime("run", "--bundle", bundle, id);
        Assert.True(r.Code == 0, r.Stderr);
        var lines = File.ReadAllLines(log);
        Assert.Equal(["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"], lines.Select(l => l.Split(' ')[0]).ToArray());
        var state = JsonNode.Parse(lines[0][(lines[0].IndexOf(' ') + 1)..])!;
        Assert.Equal(id, (string)state["id"]!);
        Assert.Equal("creating", (string)state["status"]!);
        Assert.True((int)state["pid"]! > 1);
        var inContainer = JsonNode.Parse(lines[2][(lines[2].IndexOf(' ') + 1)..])!;
        Assert.Equal(1, (int)inContainer["pid"]!);
    }

    [Fact]
    public void FailingPrestartHookFailsCreateAndLeavesNothing()
    {
        string id = _h.NewId();
        string bundle = _h.Bundle(["true"], s => s.Hooks = new RuntimeHooks { Prestart = [new RuntimeHook { Path = "/bin/false" }] });
        var r = _h.Runtime("create", "--bundle", bundle, id);
        Assert.Equal(1, r.Code);
        Assert.Contains("prestart hook /bin/false", r.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_h.Root, id)));
    }

    [Fact]
    public void HookTimeoutKillsTheHook()
    {
        string id = _h.NewId();
        string bundle = _h.Bundle(["true"], s => s.Hooks = new RuntimeHooks
        {
            CreateRuntime = [new RuntimeHook { Path = "/bin/sleep", Args = ["sleep", "30"], Timeout = 1 }],
        });
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var r = _h.Runtime("create", "--bundle", bundle, id);
        Assert.Equal(1, r.Code);
        Assert.Contains("timed out", r.Stderr);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(15));
    }
}
