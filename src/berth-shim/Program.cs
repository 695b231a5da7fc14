namespace Berth.Shim;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Error.WriteLine("berth-shim: not built yet");
        return 1;
    }
}
