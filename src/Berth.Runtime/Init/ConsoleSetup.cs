using Berth.Linux;
using Berth.Linux.Descriptors;
using Berth.Linux.Mounts;
using Berth.Linux.Sockets;
using Berth.Linux.Terminal;
using Berth.Oci.Runtime;

namespace Berth.Runtime.Init;

/// <summary>
/// process.terminal: a pty made from the container's own devpts (/dev/ptmx), its master sent over the console
/// socket (SCM_RIGHTS, as runc does), its slave made stdin/stdout/stderr and the controlling terminal.
/// </summary>
internal static class ConsoleSetup
{
    public static void Setup(int consoleSocketFd, RuntimeProcess process, uint uid, uint gid, bool bindDevConsole)
    {
        if (consoleSocketFd < 0) throw RuntimeException.Invalid("process.terminal is set but no console socket was given (--console-socket)");
        using var socket = new SafeFd(consoleSocketFd);
        using var pty = PseudoTerminal.Open("/dev/ptmx");
        if (process.ConsoleSize is { } size && size.Height > 0 && size.Width > 0)
            PseudoTerminal.SetWindowSize(pty.Slave, (ushort)size.Height, (ushort)size.Width);
        DescriptorCalls.Chown(pty.Slave, uid, gid);
        string slavePath = "/dev/pts/" + pty.Number;
        if (bindDevConsole)
        {
            using (var f = FileDescriptors.Open("/dev/console", OpenFlags.O_CREAT | OpenFlags.O_WRONLY, 0)) { }
            MountCalls.Mount(slavePath, "/dev/console", null, Spec.MountFlags.MS_BIND, null);
        }
        UnixSocket.SendFd(socket, pty.Master.Fd, System.Text.Encoding.UTF8.GetBytes(slavePath));
        for (int fd = 0; fd <= 2; fd++) DescriptorCalls.Duplicate(pty.Slave, fd);
        PseudoTerminal.SetControllingTerminal(0);
    }
}
