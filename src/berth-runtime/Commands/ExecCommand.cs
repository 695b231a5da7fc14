using System.Text.Json;
using Berth.Linux.Capabilities;
using Berth.Oci.Runtime;
using Berth.Runtime;

namespace Berth.RuntimeCli.Commands;

/// <summary>exec: a process file (--process) or a command line with runc's flags.</summary>
internal static class ExecCommand
{
    public static int Run(LinuxRuntime runtime, IReadOnlyList<string> args)
    {
        var a = new ArgReader()
            .Value("console-socket").Value("pid-file").Value("process", "p").Value("cwd").Value("env", "e")
            .Value("user", "u").Value("additional-gids", "g").Value("cap", "c").Value("preserve-fds")
            .Value("process-label").Value("apparmor").Value("cgroup")
            .Bool("tty", "t").Bool("detach", "d").Bool("no-new-privs").Bool("ignore-paused")
            .Parse(args, 0, stopAfterPositional: 1);
        string id = a.Id("exec");
        RuntimeProcess process;
        if (a.Get("process") is { } file)
        {
            byte[] json = file == "-" ? ReadStdin() : File.ReadAllBytes(file);
            process = JsonSerializer.Deserialize(json, CliJsonContext.Default.RuntimeProcess)
                ?? throw RuntimeException.Invalid("--process: empty");
        }
        else
        {
            if (a.Positional.Count < 2) throw new UsageException("exec: a command or --process is required");
            process = runtime.ExecDefaults(id);
            process.Args = a.Positional.GetRange(1, a.Positional.Count - 1);
            process.Terminal = a.Flag("tty");
            if (a.Get("cwd") is { } cwd) process.Cwd = cwd;
            if (a.GetAll("env") is { Count: > 0 } env)
            {
                var merged = process.Env is null ? new List<string>() : new List<string>(process.Env);
                foreach (var e in env)
                {
                    int eq = e.IndexOf('=');
                    string key = eq < 0 ? e : e[..eq];
                    merged.RemoveAll(x => x.StartsWith(key + "=", StringComparison.Ordinal));
                    merged.Add(e);
                }
                process.Env = merged;
            }
            if (a.Get("user") is { } user) process.User = ParseUser(user);
            if (a.GetAll("additional-gids") is { Count: > 0 } gids)
                process.User.AdditionalGids = gids.Select(g => uint.TryParse(g, out uint v) ? v : throw new UsageException($"invalid gid: {g}")).ToList();
            if (a.GetAll("cap") is { Count: > 0 } caps)
            {
                var c = process.Capabilities ??= new LinuxCapabilities();
                c.Bounding ??= new();
                c.Effective ??= new();
                c.Permitted ??= new();
                foreach (var cap in caps)
                {
                    string name = cap.StartsWith("CAP_", StringComparison.OrdinalIgnoreCase) ? cap.ToUpperInvariant() : "CAP_" + cap.ToUpperInvariant();
                    if (Capability.Parse(name) < 0) throw RuntimeException.Invalid($"--cap: unknown capability: {cap}");
                    foreach (var set in new[] { c.Bounding, c.Effective, c.Permitted })
                        if (!set.Contains(name)) set.Add(name);
                }
            }
            if (a.Flag("no-new-privs")) process.NoNewPrivileges = true;
        }
        var result = runtime.Exec(id, process, new ExecOptions
        {
            PidFile = a.Get("pid-file"),
            ConsoleSocketPath = a.Get("console-socket"),
            PreserveFds = a.Int("preserve-fds"),
            Detach = a.Flag("detach"),
        });
        return result.ExitStatus ?? 0;
    }

    /// <summary>uid[:gid] as numbers, or a user name (resolved in the container's /etc/passwd).</summary>
    private static RuntimeUser ParseUser(string text)
    {
        string[] parts = text.Split(':', 2);
        if (uint.TryParse(parts[0], out uint uid) && (parts.Length == 1 || uint.TryParse(parts[1], out _)))
            return new RuntimeUser { Uid = uid, Gid = parts.Length > 1 ? uint.Parse(parts[1]) : 0 };
        return new RuntimeUser { Username = text };
    }

    private static byte[] ReadStdin()
    {
        using var stdin = System.Console.OpenStandardInput();
        using var ms = new MemoryStream();
        stdin.CopyTo(ms);
        return ms.ToArray();
    }
}
