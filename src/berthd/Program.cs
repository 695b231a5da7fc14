namespace Berth.Daemon;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Error.WriteLine("berthd: not built yet");
        return 1;
    }
}
