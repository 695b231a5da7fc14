using Berth.Cli.Commands;
using Berth.Cli.Parsing;
using Berth.Cli.Values;

namespace Berth.Cli.Tests.Commands;

/// <summary>
/// The create request built from run/create flags is byte for byte the body docker CLI 28 sent for the same
/// flags (captured through a logging proxy in front of dockerd, API 1.41).
/// </summary>
public class CreateRequestGoldenTests
{
    public static IEnumerable<object[]> Cases()
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "Golden", "create");
        foreach (var args in Directory.GetFiles(dir, "*.args").OrderBy(f => f, StringComparer.Ordinal))
            yield return [Path.GetFileNameWithoutExtension(args)];
    }

    /// <summary>Splits like a POSIX shell for the simple quoting the case files use.</summary>
    private static List<string> ShellSplit(string line)
    {
        var result = new List<string>();
        var current = new System.Text.StringBuilder();
        bool inQuotes = false, any = false;
        foreach (char c in line.Trim())
        {
            if (c == '"')
            {
                inQuotes = !inQuotes;
                any = true;
                continue;
            }
            if (c == ' ' && !inQuotes)
            {
                if (any) result.Add(current.ToString());
                current.Clear();
                any = false;
                continue;
            }
            current.Append(c);
            any = true;
        }
        if (any) result.Add(current.ToString());
        return result;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesDockerCli(string name)
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "Golden", "create");
        var args = ShellSplit(File.ReadAllText(Path.Combine(dir, name + ".args")));
        string expected = File.ReadAllText(Path.Combine(dir, name + ".json"));
        Environment.SetEnvironmentVariable("FOO", "fromenv");
        var spec = CommandTree.Build().FindSubcommand("create")!;
        var parsed = FlagParser.Parse(spec, args);
        using var cli = new CliContext(CliIO.ForTest(new MemoryStream(), new MemoryStream(), new Dictionary<string, string> { ["HOME"] = "/nonexistent" }), new GlobalOptions());
        var ctx = new CommandContext(cli, spec, parsed.Flags, parsed.Args, parsed.ArgsLenAtDash);
        var cfg = ContainerOptions.Build(ctx, parsed.Args[0], parsed.Args.Skip(1).ToList(), parsed.Flags.GetList("env"));
        var request = GoSchema.New("container.CreateRequest");
        request["Config"] = cfg.Config;
        request["HostConfig"] = cfg.HostConfig;
        request["NetworkingConfig"] = cfg.NetworkingConfig;
        Assert.Equal(expected.TrimEnd('\n'), GoJson.Encode(request));
    }
}
