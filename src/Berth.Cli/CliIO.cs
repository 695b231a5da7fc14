using System.Text;

namespace Berth.Cli;

/// <summary>The process's standard streams and environment, replaceable in tests.</summary>
public sealed class CliIO
{
    public required Stream StdinStream { get; init; }
    public required Stream StdoutStream { get; init; }
    public required Stream StderrStream { get; init; }
    /// <summary>File descriptors behind the streams (-1 when they are not the process's own, e.g. in tests).</summary>
    public int StdinFd { get; init; } = -1;
    public int StdoutFd { get; init; } = -1;
    public int StderrFd { get; init; } = -1;
    public required Func<string, string?> GetEnv { get; init; }
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>
    /// The process's own descriptors as plain FileStreams: System.Console's streams are avoided because the
    /// runtime's console layer adjusts terminal settings, which would fight the raw mode `-it` sets.
    /// </summary>
    public static CliIO Process() => new()
    {
        StdinStream = FdStream(0, FileAccess.Read),
        StdoutStream = FdStream(1, FileAccess.Write),
        StderrStream = FdStream(2, FileAccess.Write),
        StdinFd = 0,
        StdoutFd = 1,
        StderrFd = 2,
        GetEnv = Environment.GetEnvironmentVariable,
    };

    public static CliIO ForTest(Stream stdout, Stream stderr, IReadOnlyDictionary<string, string>? env = null, Stream? stdin = null) => new()
    {
        StdinStream = stdin ?? new MemoryStream(),
        StdoutStream = stdout,
        StderrStream = stderr,
        GetEnv = name => env is not null && env.TryGetValue(name, out var v) ? v : null,
    };

    private static Stream FdStream(int fd, FileAccess access) =>
        new Berth.Linux.Terminal.DescriptorStream(fd, readable: access == FileAccess.Read);

    internal static readonly Encoding Utf8 = new UTF8Encoding(false);
}
