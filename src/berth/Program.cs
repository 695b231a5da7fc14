namespace Berth.CliHost;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Error.WriteLine("berth: not built yet");
        return 1;
    }
}
