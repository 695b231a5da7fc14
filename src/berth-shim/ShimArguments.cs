namespace Berth.Shim;

/// <summary>The shim's command line, written by the daemon.</summary>
internal sealed class ShimArguments
{
    public string Id { get; private set; } = "";
    public string Bundle { get; private set; } = "";
    public string RuntimeRoot { get; private set; } = "";
    public string Socket { get; private set; } = "";
    public string LogPath { get; private set; } = "";
    public long LogMaxSize { get; private set; } = -1;
    public int LogMaxFiles { get; private set; } = 1;
    public string ExitFile { get; private set; } = "";
    public bool Tty { get; private set; }
    public bool OpenStdin { get; private set; }
    public bool StdinOnce { get; private set; }
    /// <summary>Descriptor on which the shim reports that the container is created (then closes it).</summary>
    public int StartupFd { get; private set; } = -1;
    public string? CgroupPath { get; private set; }

    public static ShimArguments Parse(string[] args)
    {
        var a = new ShimArguments();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"flag needs an argument: {args[i]}");
            switch (args[i])
            {
                case "--id": a.Id = Next(); break;
                case "--bundle": a.Bundle = Next(); break;
                case "--runtime-root": a.RuntimeRoot = Next(); break;
                case "--socket": a.Socket = Next(); break;
                case "--log-path": a.LogPath = Next(); break;
                case "--log-max-size": a.LogMaxSize = long.Parse(Next()); break;
                case "--log-max-file": a.LogMaxFiles = int.Parse(Next()); break;
                case "--exit-file": a.ExitFile = Next(); break;
                case "--startup-fd": a.StartupFd = int.Parse(Next()); break;
                case "--cgroup-path": a.CgroupPath = Next(); break;
                case "--tty": a.Tty = true; break;
                case "--open-stdin": a.OpenStdin = true; break;
                case "--stdin-once": a.StdinOnce = true; break;
                default: throw new ArgumentException($"unknown flag: {args[i]}");
            }
        }
        if (a.Id.Length == 0 || a.Bundle.Length == 0 || a.RuntimeRoot.Length == 0 || a.Socket.Length == 0 || a.ExitFile.Length == 0)
            throw new ArgumentException("--id, --bundle, --runtime-root, --socket and --exit-file are required");
        return a;
    }
}
