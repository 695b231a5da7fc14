using Berth.Runtime;

namespace Berth.RuntimeCli.Commands;

/// <summary>create, start, run, kill, delete.</summary>
internal static class Lifecycle
{
    private static ArgReader CreateFlags() => new ArgReader()
        .Value("bundle", "b").Value("console-socket").Value("pid-file").Bool("no-pivot").Bool("no-new-keyring")
        .Value("preserve-fds").Bool("detach", "d").Bool("no-subreaper").Bool("keep").Bool("systemd-cgroup");

    private static CreateOptions Options(ArgReader a) => new()
    {
        PidFile = a.Get("pid-file"),
        ConsoleSocketPath = a.Get("console-socket"),
        NoPivot = a.Flag("no-pivot"),
        NoNewKeyring = a.Flag("no-new-keyring"),
        PreserveFds = a.Int("preserve-fds"),
        Detach = a.Flag("detach"),
    };

    public static int Create(LinuxRuntime runtime, IReadOnlyList<string> args)
    {
        var a = CreateFlags().Parse(args, 0);
        runtime.Create(a.Id("create"), a.Get("bundle") ?? ".", Options(a));
        return 0;
    }

    public static int Start(LinuxRuntime runtime, IReadOnlyList<string> args)
    {
        var a = new ArgReader().Parse(args, 0);
        runtime.Start(a.Id("start"));
        return 0;
    }

    public static int Run(LinuxRuntime runtime, IReadOnlyList<string> args)
    {
        var a = CreateFlags().Parse(args, 0);
        var result = runtime.Run(a.Id("run"), a.Get("bundle") ?? ".", Options(a));
        return result.ExitStatus ?? 0;
    }

    public static int Kill(LinuxRuntime runtime, IReadOnlyList<string> args)
    {
        var a = new ArgReader().Bool("all", "a").Parse(args, 0);
        string id = a.Id("kill");
        int signal = a.Positional.Count > 1 ? LinuxRuntime.ParseSignal(a.Positional[1]) : 15;
        runtime.Kill(id, signal, a.Flag("all"));
        return 0;
    }

    public static int Delete(LinuxRuntime runtime, IReadOnlyList<string> args)
    {
        var a = new ArgReader().Bool("force", "f").Parse(args, 0);
        if (a.Positional.Count == 0) throw new UsageException("\"delete\" requires a container id");
        int status = 0;
        foreach (var id in a.Positional)
        {
            try { runtime.Delete(id, a.Flag("force")); }
            catch (RuntimeException e) when (a.Positional.Count > 1)
            {
                System.Console.Error.WriteLine($"{Cli.Name}: {e.Message}");
                status = 1;
            }
        }
        return status;
    }
}
