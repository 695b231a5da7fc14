namespace Berth.RuntimeCli;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Error.WriteLine("berth-runtime: not built yet");
        return 1;
    }
}
