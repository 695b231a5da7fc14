using Berth.Runtime.Init;

namespace Berth.RuntimeCli;

internal static class Program
{
    private static int Main(string[] args)
    {
        // The container's init is this executable too: hand it over before anything else runs.
        if (args.Length > 0 && args[0] == ContainerInit.Command) return ContainerInit.Main(args);
        return Cli.Run(args);
    }
}
