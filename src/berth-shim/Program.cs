using Berth.Runtime.Init;

namespace Berth.Shim;

internal static class Program
{
    private static int Main(string[] args)
    {
        // The container's init (and exec helper) is this executable too: hand it over before anything else runs.
        if (args.Length > 0 && args[0] == ContainerInit.Command) return ContainerInit.Main(args);
        if (args.Length > 0 && args[0] == "reaper") return Reaper.Run(args);
        if (args.Length > 0 && args[0] == WarmStart.Command)
        {
            args = WarmStart.WaitForArguments();
            if (args.Length == 0) return 0;
        }
        ShimArguments parsed;
        try
        {
            parsed = ShimArguments.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"berth-shim: {e.Message}");
            return 2;
        }
        return new ContainerShim(parsed).Run();
    }
}
