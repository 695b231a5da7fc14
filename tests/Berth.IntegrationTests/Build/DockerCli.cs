using System.Text.Json;
using Berth.IntegrationTests.Cli;

namespace Berth.IntegrationTests.Build;

/// <summary>The real docker CLI 28 pointed at one daemon, with the classic builder (DOCKER_BUILDKIT=0).</summary>
public sealed class DockerCli(string host, string configDir)
{
    public string Host => host;

    public IReadOnlyDictionary<string, string> Env => new Dictionary<string, string>
    {
        ["DOCKER_HOST"] = host, ["DOCKER_BUILDKIT"] = "0", ["DOCKER_CLI_HINTS"] = "false", ["TZ"] = "UTC", ["DOCKER_CONFIG"] = configDir,
    };

    public ProcessRunner.Result Run(params string[] args) => ProcessRunner.Run(Binaries.Docker, args, Env, timeout: TimeSpan.FromMinutes(5));

    public ProcessRunner.Result RunWithInput(string stdin, params string[] args) =>
        ProcessRunner.Run(Binaries.Docker, args, Env, stdin, TimeSpan.FromMinutes(5));

    /// <summary>docker build in <paramref name="context"/>; the output the CLI prints (stdout then stderr).</summary>
    public ProcessRunner.Result Build(string context, params string[] args) => Run(["build", .. args, context]);

    /// <summary>Builds and returns the image ID, failing the test with the output when the build fails.</summary>
    public string BuildOk(string context, params string[] args)
    {
        var r = Run(["build", "-q", .. args, context]);
        Assert.True(r.Code == 0, $"docker build {string.Join(' ', args)} failed ({r.Code}):\n{r.Out}\n{r.Err}");
        string id = r.Out.Trim().Split('\n')[^1].Trim();
        Assert.StartsWith("sha256:", id);
        return id;
    }

    public string Ok(params string[] args)
    {
        var r = Run(args);
        // A known race of berthd's run path (not the builder's): a short `docker run` sometimes prints its output, then
        // fails with this. Retried once so that these tests judge builds; the run tests own that bug.
        if (r.Code == 125 && args[0] == "run" && r.Err.Contains("its shim closed the connection", StringComparison.Ordinal)) r = Run(args);
        Assert.True(r.Code == 0, $"docker {string.Join(' ', args)} failed ({r.Code}):\n{r.Out}\n{r.Err}");
        return r.Out;
    }

    /// <summary>The image's config (docker inspect .Config) as a JSON element.</summary>
    public JsonElement Config(string image)
    {
        using var doc = JsonDocument.Parse(Ok("image", "inspect", "-f", "{{json .Config}}", image));
        return doc.RootElement.Clone();
    }

    /// <summary>
    /// Name, type, mode, owner (and size of regular files, target of links) of every path under <paramref name="paths"/>
    /// in the image, sorted: what `docker run` sees.
    /// </summary>
    public string Files(string image, params string[] paths)
    {
        string list = string.Join(' ', paths);
        string script = $"for p in {list}; do [ -e \"$p\" ] || [ -L \"$p\" ] || continue; find \"$p\" ! -type f ! -type l -exec stat -c '%n %F %a %u:%g' {{}} \\; ; "
            + "find \"$p\" -type f -exec stat -c '%n %F %a %u:%g %s' {} \\; ; find \"$p\" -type l -exec stat -c '%n %F %u:%g %N' {} \\; ; done | sort";
        return Ok("run", "--rm", "--user", "0", "--entrypoint", "/bin/sh", image, "-c", script);
    }
}
