using System.Text;
using System.Text.Json;
using Berth.Linux;
using Berth.Oci.Runtime;
using Berth.Runtime.Json;

namespace Berth.Runtime.Init;

/// <summary>
/// Entry point of the container's init process: the runtime spawns its own executable as
/// <c>[exe, "init", "&lt;fd&gt;"]</c>, and that executable's Main must call <see cref="Main"/> when args[0] is "init".
/// The init reads its instructions from the socket at &lt;fd&gt;, sets the container up and execs the program.
/// </summary>
public static class ContainerInit
{
    /// <summary>The argument that selects init mode.</summary>
    public const string Command = "init";

    /// <summary>Runs the init; returns only when it failed (the exit code to use).</summary>
    public static int Main(string[] args)
    {
        if (args.Length < 2 || args[0] != Command || !int.TryParse(args[1], out int fd) || fd < 3)
        {
            Console.Error.WriteLine("init: this command is for the runtime's own use");
            return 2;
        }
        using var channel = new InitChannel(new SafeFd(fd));
        bool started = false;
        try
        {
            var config = JsonSerializer.Deserialize(channel.Expect(InitMessage.Config), RuntimeStoreJsonContext.Default.InitConfig)
                ?? throw new InvalidDataException("init: empty config");
            if (config.Mode == "exec")
            {
                ExecInit.Run(config, channel);
            }
            else
            {
                var spec = JsonSerializer.Deserialize(channel.Expect(InitMessage.Spec), RuntimeJsonContext.Default.RuntimeSpec)
                    ?? throw new InvalidDataException("init: empty spec");
                CreateInit.Run(config, spec, channel, () => started = true);
            }
            return 127;
        }
        catch (EndOfStreamException)
        {
            // The runtime went away before starting us: nothing to report to.
            return 1;
        }
        catch (Exception e)
        {
            string message = Describe(e);
            try
            {
                channel.SendError(message);
                if (!started) return 1;
            }
            catch (SyscallException) { }
            // After start the runtime may be gone: the container's stderr is the place left.
            try
            {
                using var stderr = new SafeFd(2, ownsHandle: false);
                FileDescriptors.WriteAll(stderr, Encoding.UTF8.GetBytes("berth-runtime init: " + message + "\n"));
            }
            catch (SyscallException) { }
            return e is RuntimeException { Kind: RuntimeErrorKind.InvalidArgument } && message.StartsWith("exec:", StringComparison.Ordinal) ? 127 : 1;
        }
    }

    internal static string Describe(Exception e) => e switch
    {
        RuntimeException or SyscallException => e.Message,
        NotSupportedException => e.Message,
        _ => e.GetType().Name + ": " + e.Message,
    };
}
