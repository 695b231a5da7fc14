namespace Berth.Cli.Tests.Commands;

/// <summary>`--help` output equals the docker CLI 28's (captured at 80 columns), with "berth" for "docker".</summary>
public class HelpGoldenTests
{
    private static string Golden(string name)
    {
        string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "help", name + ".txt"));
        int deprecated = text.IndexOf("DEPRECATED:", StringComparison.Ordinal);
        if (deprecated >= 0) text = text[..deprecated];
        // the usage, alias and command-path lines name the program
        var lines = text.Split('\n').Select(l =>
            l.StartsWith("Usage:", StringComparison.Ordinal) || l.StartsWith("  docker ", StringComparison.Ordinal) || l.StartsWith("Run 'docker", StringComparison.Ordinal)
                ? l.Replace("docker", "berth") : l);
        return string.Join("\n", lines).Replace("Show docker disk usage", "Show berth disk usage");
    }

    [Theory]
    [InlineData("run", new[] { "run", "--help" })]
    [InlineData("ps", new[] { "ps", "--help" })]
    [InlineData("images", new[] { "images", "--help" })]
    [InlineData("exec", new[] { "exec", "--help" })]
    [InlineData("container", new[] { "container", "--help" })]
    [InlineData("image_ls", new[] { "image", "ls", "--help" })]
    [InlineData("volume_create", new[] { "volume", "create", "--help" })]
    [InlineData("network_create", new[] { "network", "create", "--help" })]
    [InlineData("stop", new[] { "stop", "--help" })]
    [InlineData("logs", new[] { "logs", "--help" })]
    [InlineData("build", new[] { "build", "--help" })]
    [InlineData("system_df", new[] { "system", "df", "--help" })]
    [InlineData("inspect", new[] { "inspect", "--help" })]
    public void HelpMatchesDocker(string golden, string[] args)
    {
        var (code, stdout, _) = CliRunner.Run(args);
        Assert.Equal(0, code);
        Assert.Equal(Golden(golden), stdout);
    }
}
