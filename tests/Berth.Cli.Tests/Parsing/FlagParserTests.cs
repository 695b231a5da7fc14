using Berth.Cli.Commands;
using Berth.Cli.Parsing;

namespace Berth.Cli.Tests.Parsing;

/// <summary>pflag semantics on the real command definitions.</summary>
public class FlagParserTests
{
    private static CommandSpec Command(params string[] path)
    {
        var c = CommandTree.Build();
        foreach (var p in path) c = c.FindSubcommand(p)!;
        return c;
    }

    [Fact]
    public void CombinedShortBooleans()
    {
        var r = FlagParser.Parse(Command("run"), ["-it", "busybox", "sh"]);
        Assert.True(r.Flags.GetBool("interactive"));
        Assert.True(r.Flags.GetBool("tty"));
        Assert.Equal(["busybox", "sh"], r.Args);
    }

    [Fact]
    public void ShortFlagValueForms()
    {
        var r = FlagParser.Parse(Command("run"), ["-p80", "-p=81", "-p", "82", "-eA=1", "busybox"]);
        Assert.Equal(["80", "81", "82"], r.Flags.GetList("publish"));
        Assert.Equal(["A=1"], r.Flags.GetList("env"));
    }

    [Fact]
    public void LongFlagValueForms()
    {
        var r = FlagParser.Parse(Command("run"), ["--name=a", "--memory", "512m", "--rm=false", "busybox"]);
        Assert.Equal("a", r.Flags.GetString("name"));
        Assert.Equal(536870912, r.Flags.GetBytes("memory"));
        Assert.False(r.Flags.GetBool("rm"));
        Assert.True(r.Flags.Changed("rm"));
    }

    [Fact]
    public void RunStopsAtTheImageName()
    {
        var r = FlagParser.Parse(Command("run"), ["-d", "busybox", "ls", "-la", "--rm"]);
        Assert.True(r.Flags.GetBool("detach"));
        Assert.False(r.Flags.GetBool("rm"));
        Assert.Equal(["busybox", "ls", "-la", "--rm"], r.Args);
    }

    [Fact]
    public void InterspersedCommandsTakeFlagsAfterArguments()
    {
        var r = FlagParser.Parse(Command("rm"), ["c1", "-f", "c2"]);
        Assert.True(r.Flags.GetBool("force"));
        Assert.Equal(["c1", "c2"], r.Args);
    }

    [Fact]
    public void DoubleDashEndsFlags()
    {
        var r = FlagParser.Parse(Command("rm"), ["--", "-f"]);
        Assert.False(r.Flags.GetBool("force"));
        Assert.Equal(["-f"], r.Args);
        Assert.Equal(0, r.ArgsLenAtDash);
    }

    [Fact]
    public void DefaultsComeFromTheFlagDefinitions()
    {
        var r = FlagParser.Parse(Command("run"), ["busybox"]);
        Assert.True(r.Flags.GetBool("sig-proxy"));
        Assert.Equal(-1, r.Flags.GetInt("memory-swappiness"));
        Assert.Equal("missing", r.Flags.GetString("pull"));
        Assert.Equal("no", r.Flags.GetString("restart"));
        Assert.Equal(-1, FlagParser.Parse(Command("ps"), []).Flags.GetInt("last"));
    }

    [Fact]
    public void HiddenAliasesShareTheirValues()
    {
        var r = FlagParser.Parse(Command("run"), ["--net", "host", "--dns-opt", "ndots:1", "busybox"]);
        Assert.Equal(["host"], r.Flags.GetList("network"));
        Assert.Equal(["ndots:1"], r.Flags.GetList("dns-option"));
    }

    [Theory]
    [InlineData(new[] { "--foo" }, "unknown flag: --foo")]
    [InlineData(new[] { "-z" }, "unknown shorthand flag: 'z' in -z")]
    [InlineData(new[] { "--name" }, "flag needs an argument: --name")]
    [InlineData(new[] { "-e" }, "flag needs an argument: 'e' in -e")]
    [InlineData(new[] { "--memory", "abc" }, "invalid argument \"abc\" for \"-m, --memory\" flag: invalid size: 'abc'")]
    [InlineData(new[] { "--cpus", "x" }, "invalid argument \"x\" for \"--cpus\" flag: failed to parse x as a rational number")]
    [InlineData(new[] { "--cpus", "0.0000000001" }, "invalid argument \"0.0000000001\" for \"--cpus\" flag: value is too precise")]
    [InlineData(new[] { "-c", "abc" }, "invalid argument \"abc\" for \"-c, --cpu-shares\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax")]
    [InlineData(new[] { "--blkio-weight", "70000" }, "invalid argument \"70000\" for \"--blkio-weight\" flag: strconv.ParseUint: parsing \"70000\": value out of range")]
    [InlineData(new[] { "--rm=maybe" }, "invalid argument \"maybe\" for \"--rm\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax")]
    [InlineData(new[] { "--health-interval", "5" }, "invalid argument \"5\" for \"--health-interval\" flag: time: missing unit in duration \"5\"")]
    [InlineData(new[] { "--ulimit", "nofile" }, "invalid argument \"nofile\" for \"--ulimit\" flag: invalid ulimit argument: nofile")]
    [InlineData(new[] { "--ulimit", "bogus=1" }, "invalid argument \"bogus=1\" for \"--ulimit\" flag: invalid ulimit type: bogus")]
    [InlineData(new[] { "--add-host", "bad" }, "invalid argument \"bad\" for \"--add-host\" flag: bad format for add-host: \"bad\"")]
    [InlineData(new[] { "--dns", "1.2.3" }, "invalid argument \"1.2.3\" for \"--dns\" flag: IP address is not correctly formatted: 1.2.3")]
    [InlineData(new[] { "-a", "stdfoo" }, "invalid argument \"stdfoo\" for \"-a, --attach\" flag: valid streams are STDIN, STDOUT and STDERR")]
    [InlineData(new[] { "--mount", "type=bind" }, "invalid argument \"type=bind\" for \"--mount\" flag: target is required")]
    [InlineData(new[] { "--label", " =x" }, "invalid argument \" =x\" for \"-l, --label\" flag: invalid label ' =x': empty name")]
    [InlineData(new[] { "--sysctl", "kernel.foo=1" }, "invalid argument \"kernel.foo=1\" for \"--sysctl\" flag: sysctl 'kernel.foo=1' is not allowed")]
    public void RefusesBadInputWithPflagWording(string[] args, string message)
    {
        string[] all = args.Length == 1 && message.StartsWith("flag needs", StringComparison.Ordinal) ? args : [.. args, "busybox"];
        var e = Assert.Throws<FlagParseException>(() => FlagParser.Parse(Command("run"), all));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void UnknownFlagSuggestsTheNearest()
    {
        var e = Assert.Throws<FlagParseException>(() => FlagParser.Parse(Command("ps"), ["--al"]));
        Assert.Equal("--all", e.Suggestion);
        e = Assert.Throws<FlagParseException>(() => FlagParser.Parse(Command("run"), ["--detatch", "busybox"]));
        Assert.Equal("--detach", e.Suggestion);
    }

    [Theory]
    [InlineData("rnu", "run")]
    [InlineData("pss", "ps")]
    [InlineData("imgaes", "images")]
    [InlineData("zzzzzz", null)]
    public void Suggestions(string typed, string? expected)
    {
        var names = CommandTree.Build().Subcommands.Select(c => c.Name);
        Assert.Equal(expected, Suggest.Nearest(typed, names));
    }
}
