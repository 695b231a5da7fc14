namespace Berth.IntegrationTests.Cli;

/// <summary>Where the CLIs under comparison are: berth from $BERTH_BIN (or the repository's out/bin), docker CLI 28.</summary>
public static class Binaries
{
    /// <summary>$BERTH_BIN, else the repository's out/bin.</summary>
    public static string Dir
    {
        get
        {
            string? dir = Environment.GetEnvironmentVariable("BERTH_BIN");
            if (string.IsNullOrEmpty(dir))
            {
                var d = new DirectoryInfo(AppContext.BaseDirectory);
                while (d is not null && !File.Exists(Path.Combine(d.FullName, "Berth.sln"))) d = d.Parent;
                dir = d is null ? "out/bin" : Path.Combine(d.FullName, "out", "bin");
            }
            return dir;
        }
    }

    public static string Berth => Find("berth");
    public static string Berthd => Find("berthd");
    public static string BerthRuntime => Find("berth-runtime");
    public static string BerthShim => Find("berth-shim");

    private static string Find(string name)
    {
        string path = Path.Combine(Dir, name);
        if (!File.Exists(path)) throw new InvalidOperationException($"{name} not found at {path}: run ./build.sh or set BERTH_BIN");
        return path;
    }

    /// <summary>The docker CLI to compare with: $DOCKER_CLI, else /usr/local/bin/docker (28.x).</summary>
    public static string Docker
    {
        get
        {
            string? env = Environment.GetEnvironmentVariable("DOCKER_CLI");
            string path = string.IsNullOrEmpty(env) ? "/usr/local/bin/docker" : env;
            if (!File.Exists(path)) throw new InvalidOperationException($"docker CLI not found at {path}: set DOCKER_CLI");
            return path;
        }
    }
}
