using System.Text;
using Berth.Linux;
using Berth.Linux.Capabilities;
using Berth.Linux.Namespaces;
using Berth.Linux.Processes;
using Berth.Linux.Resources;
using Berth.Linux.Signals;
using Berth.Linux.Sockets;
using Berth.Linux.Terminal;

namespace Berth.Linux.Tests;

/// <summary>The Linux pieces the runtime uses, tested without root.</summary>
public sealed class RuntimePrimitivesTests
{
    [Theory]
    [InlineData("KILL", 9)]
    [InlineData("SIGKILL", 9)]
    [InlineData("9", 9)]
    [InlineData("term", 15)]
    [InlineData("SIGRTMIN+2", 36)]
    [InlineData("RTMAX", 64)]
    [InlineData("SIGIOT", 6)]
    [InlineData("NOPE", -1)]
    [InlineData("0", -1)]
    [InlineData("65", -1)]
    public void SignalNamesParse(string text, int expected) => Assert.Equal(expected, SignalNames.Parse(text));

    [Fact]
    public void CapabilityNamesAndMasks()
    {
        Assert.Equal(21, Capability.Parse("CAP_SYS_ADMIN"));
        Assert.Equal(21, Capability.Parse("sys_admin"));
        Assert.Equal(-1, Capability.Parse("CAP_NOPE"));
        var unknown = new List<string>();
        Assert.Equal((1UL << 5) | (1UL << 10) | (1UL << 29), Capability.Mask(["CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_AUDIT_WRITE", "CAP_X"], unknown));
        Assert.Equal(["CAP_X"], unknown);
        Assert.Equal("CAP_KILL, CAP_SYS_ADMIN", CapabilitySets.Describe((1UL << 5) | (1UL << 21)));
        Assert.True(Capability.LastCap >= 37);
    }

    [Fact]
    public void ResourceLimitNames()
    {
        Assert.Equal(7, ResourceLimits.Parse("RLIMIT_NOFILE"));
        Assert.Equal(-1, ResourceLimits.Parse("RLIMIT_NOPE"));
        var (soft, hard) = ResourceLimits.Get(7);
        Assert.True(soft <= hard);
    }

    [Fact]
    public void NamespaceTypeNames()
    {
        foreach (var t in Enum.GetValues<NamespaceType>())
        {
            Assert.True(NamespaceTypes.TryParseOci(t.OciName(), out var back));
            Assert.Equal(t, back);
            Assert.True(File.Exists($"/proc/self/ns/{t.ProcName()}"), t.ProcName());
        }
        Assert.False(NamespaceTypes.TryParseOci("bogus", out _));
    }

    [Fact]
    public void ProcStatParsesCommandsWithParenthesesAndSpaces()
    {
        var s = ProcStat.Parse(Encoding.ASCII.GetBytes("123 (a (b) c) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 424242 20 21"));
        Assert.Equal('S', s!.Value.State);
        Assert.Equal(424242UL, s.Value.StartTime);
        var self = ProcStat.TryRead(Environment.ProcessId)!.Value;
        Assert.True(self.StartTime > 0);
        Assert.Null(ProcStat.TryRead(int.MaxValue - 1));
    }

    [Theory]
    [InlineData(0x0000, 0, 0, 0)]
    [InlineData(0x2a00, 42, 0, 42)]
    [InlineData(0x0009, 0, 9, 137)]
    [InlineData(0x008f, 0, 15, 143)]
    public void ExitStatusDecodes(int raw, int code, int signal, int shell)
    {
        var s = ExitStatus.FromWaitStatus(raw);
        Assert.Equal(code, s.Code);
        Assert.Equal(signal, s.Signal);
        Assert.Equal(shell, s.ShellCode);
    }

    [Fact]
    public void SpawnPlacesDescriptorsAndClosesTheRest()
    {
        var (r, w) = FileDescriptors.Pipe();
        var (extraR, extraW) = FileDescriptors.Pipe();
        int pid;
        using (w)
        {
            // The child sees the pipe's write end as stdout and the extra pipe at fd 3; nothing above 3.
            pid = ProcessSpawner.Spawn(new SpawnRequest
            {
                Path = "/bin/sh",
                Args = ["sh", "-c", "echo out; echo extra >&3; ls /proc/self/fd | sort -n | tr '\\n' ' '"],
                Env = ["PATH=/bin:/usr/bin"],
                Fds = [new FdMapping(w.Fd, 1), new FdMapping(extraW.Fd, 3)],
            });
        }
        extraW.Dispose();
        var status = ProcessWait.Wait(pid);
        Assert.Equal(0, status.ShellCode);
        var buffer = new byte[4096];
        string output = Encoding.ASCII.GetString(buffer, 0, FileDescriptors.Read(r, buffer));
        Assert.StartsWith("out\n", output);
        Assert.Matches(@"^0 1 2 3 (4 )?$", output["out\n".Length..]);
        Assert.Equal("extra\n", Encoding.ASCII.GetString(buffer, 0, FileDescriptors.Read(extraR, buffer)));
        r.Dispose();
        extraR.Dispose();
    }

    [Fact]
    public void SpawnReportsAMissingProgram()
    {
        var e = Assert.Throws<SyscallException>(() => ProcessSpawner.Spawn(new SpawnRequest { Path = "/no/such", Args = ["x"] }));
        Assert.Equal(Errnos.ENOENT, e.Errno);
        Assert.Contains("/no/such", e.Message);
    }

    [Fact]
    public void PidFdSeesTheExit()
    {
        int pid = ProcessSpawner.Spawn(new SpawnRequest { Path = "/bin/sleep", Args = ["sleep", "5"] });
        Assert.Equal(0, PidFd.TryOpen(pid, out var fd));
        using (fd)
        {
            Assert.False(PidFd.WaitExited(fd, 50));
            Assert.True(PidFd.Signal(fd, SignalNames.SIGKILL));
            Assert.True(PidFd.WaitExited(fd, 5000));
        }
        Assert.Equal(137, ProcessWait.Wait(pid).ShellCode);
    }

    [Fact]
    public void DescriptorsPassOverUnixSockets()
    {
        var (a, b) = UnixSocket.Pair();
        var (r, w) = FileDescriptors.Pipe();
        using (a)
        using (b)
        using (r)
        {
            UnixSocket.SendFd(a, w.Fd, "name"u8);
            w.Dispose();
            var buf = new byte[16];
            int n = UnixSocket.ReceiveFd(b, buf, out var received);
            Assert.Equal("name", Encoding.ASCII.GetString(buf, 0, n));
            using (received)
            {
                Assert.False(received.IsInvalid);
                FileDescriptors.WriteAll(received, "x"u8);
            }
            Assert.Equal(1, FileDescriptors.Read(r, buf));
        }
    }

    [Fact]
    public void PseudoTerminalPair()
    {
        using var pty = PseudoTerminal.Open();
        Assert.True(PseudoTerminal.IsTerminal(pty.Slave.Fd));
        PseudoTerminal.SetWindowSize(pty.Slave, 24, 80);
        Assert.Equal(((ushort)24, (ushort)80), PseudoTerminal.GetWindowSize(pty.Master.Fd));
        Assert.True(pty.Number >= 0);
    }
}
