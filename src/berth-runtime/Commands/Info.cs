using System.Text.Json;
using Berth.Runtime;
using Berth.Runtime.Spec;

namespace Berth.RuntimeCli.Commands;

/// <summary>spec, features.</summary>
internal static class Info
{
    public static int Spec(IReadOnlyList<string> args)
    {
        var a = new ArgReader().Value("bundle", "b").Bool("rootless").Parse(args, 0);
        if (a.Flag("rootless")) throw RuntimeException.NotSupported("spec --rootless: rootless containers are not supported yet");
        string dir = a.Get("bundle") ?? ".";
        string path = Path.Combine(dir, "config.json");
        if (File.Exists(path)) throw RuntimeException.Invalid($"File {path} exists. Remove it first");
        File.WriteAllText(path, JsonSerializer.Serialize(DefaultSpec.Create(), CliJsonContext.Indented('\t', 1).RuntimeSpec));
        return 0;
    }

    public static int Features()
    {
        System.Console.Out.WriteLine(JsonSerializer.Serialize(Berth.Runtime.Spec.Features.Describe(), CliJsonContext.Indented(' ', 4).RuntimeFeatures));
        return 0;
    }
}
