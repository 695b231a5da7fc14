using Berth.Runtime;

namespace Berth.RuntimeCli;

/// <summary>runc's command line over <see cref="LinuxRuntime"/>: global flags, then a command.</summary>
internal static class Cli
{
    public const string Name = "berth-runtime";

    public static int Run(string[] args)
    {
        var global = new ArgReader()
            .Value("root").Value("log").Value("log-format").Bool("debug").Bool("systemd-cgroup").Value("criu")
            .Value("rootless").Bool("version", "v").Bool("help", "h");
        int i = 0;
        var globalArgs = new List<string>();
        for (; i < args.Length; i++)
        {
            string a = args[i];
            if (!a.StartsWith('-')) break;
            globalArgs.Add(a);
            string name = a.TrimStart('-');
            if (!name.Contains('=') && name is "root" or "log" or "log-format" or "criu" or "rootless" && i + 1 < args.Length)
                globalArgs.Add(args[++i]);
        }
        CliLog log = new(null, "text", false);
        try
        {
            global.Parse(globalArgs, 0);
            log = new CliLog(global.Get("log"), global.Get("log-format") ?? "text", global.Flag("debug"));
            if (global.Flag("version"))
            {
                System.Console.Out.Write($"{Name} version {RuntimeVersion.Version}\nspec: {RuntimeVersion.SpecVersion}\n");
                return 0;
            }
            if (i >= args.Length || global.Flag("help"))
            {
                System.Console.Out.Write(Usage);
                return i >= args.Length && !global.Flag("help") ? 1 : 0;
            }
            if (global.Flag("systemd-cgroup"))
                throw RuntimeException.NotSupported("--systemd-cgroup: systemd cgroup management is not supported; use cgroupfs");
            if (global.Get("rootless") is "true")
                throw RuntimeException.NotSupported("--rootless: rootless containers are not supported yet");
            string command = args[i];
            var rest = new ArraySegment<string>(args, i + 1, args.Length - i - 1);
            var runtime = new LinuxRuntime(new RuntimeOptions { Root = global.Get("root") ?? "/run/berth-runtime", Log = log });
            return command switch
            {
                "create" => Commands.Lifecycle.Create(runtime, rest),
                "start" => Commands.Lifecycle.Start(runtime, rest),
                "run" => Commands.Lifecycle.Run(runtime, rest),
                "kill" => Commands.Lifecycle.Kill(runtime, rest),
                "delete" => Commands.Lifecycle.Delete(runtime, rest),
                "exec" => Commands.ExecCommand.Run(runtime, rest),
                "state" => Commands.Query.State(runtime, rest),
                "list" or "ls" => Commands.Query.List(runtime, rest),
                "ps" => Commands.Query.Ps(runtime, rest),
                "events" => Commands.Query.Events(runtime, rest),
                "pause" => Commands.Control.Pause(runtime, rest),
                "resume" => Commands.Control.Resume(runtime, rest),
                "update" => Commands.Control.Update(runtime, rest),
                "spec" => Commands.Info.Spec(rest),
                "features" => Commands.Info.Features(),
                "checkpoint" or "restore" => throw RuntimeException.NotSupported($"{command}: checkpoint/restore is not supported"),
                _ => throw new UsageException($"no such command: {command}"),
            };
        }
        catch (Exception e) when (e is RuntimeException or UsageException or Berth.Linux.SyscallException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            string message = e.Message;
            log.Write(RuntimeLogLevel.Error, message);
            if (log.HasFile) System.Console.Error.WriteLine($"{Name}: {message}");
            return 1;
        }
    }

    private const string Usage = """
        berth-runtime: an OCI runtime (runc-compatible command line)

        usage: berth-runtime [global options] command [command options] [arguments...]

        commands:
           create    create a container from a bundle (its init waits for start)
           start     start a created container
           run       create and start a container (and wait for it unless -d)
           state     output the state of a container
           kill      send a signal to the container's init (or every process with --all)
           delete    delete a container (-f kills a running one)
           exec      run a process in a container
           ps        the processes of a container
           list      the containers under --root
           pause     freeze a container's processes
           resume    thaw a paused container
           update    change a container's resource limits
           events    resource usage (--stats)
           spec      write a default config.json
           features  what this runtime implements (JSON)

        global options:
           --root value        state directory (default: /run/berth-runtime)
           --log value         log file (default: stderr)
           --log-format value  text or json (default: text)
           --debug             debug logging
           --systemd-cgroup    not supported (use cgroupfs)
           --version, -v       print the version

        """;
}
