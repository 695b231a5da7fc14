using System.Text;

namespace Berth.Cli.Tests;

/// <summary>Runs the CLI in-process with captured streams.</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Err) Run(IReadOnlyDictionary<string, string>? env = null, string stdin = "", params string[] args)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var environment = new Dictionary<string, string> { ["BERTH_HOST"] = "unix:///nonexistent/berth-test.sock", ["HOME"] = "/nonexistent-home" };
        if (env is not null) foreach (var kv in env) environment[kv.Key] = kv.Value;
        var io = CliIO.ForTest(stdout, stderr, environment, new MemoryStream(Encoding.UTF8.GetBytes(stdin)));
        int code = CliApplication.Run(args, io);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    public static (int Code, string Out, string Err) Run(params string[] args) => Run(null, "", args);
}
