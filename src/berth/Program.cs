namespace Berth.CliHost;

/// <summary>The `berth` executable: everything lives in Berth.Cli.</summary>
internal static class Program
{
    private static int Main(string[] args) => Berth.Cli.CliApplication.Run(args);
}
