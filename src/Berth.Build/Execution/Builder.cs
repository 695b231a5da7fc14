using Berth.Build.Cache;
using Berth.Build.Context;
using Berth.Build.Instructions;
using Berth.Build.Parsing;

namespace Berth.Build.Execution;

/// <summary>
/// The Dockerfile builder: reads the Dockerfile from the context, plans the stages the target needs, runs them
/// (independent ones in parallel, output kept in order), and returns the target stage's image. Every step is
/// committed as an image and remembered in the build cache, so a rebuild of unchanged steps only looks them up.
/// </summary>
public sealed class Builder(IBuildHost host, BuildCache cache)
{
    public IBuildHost Host => host;
    public BuildCache Cache => cache;

    public async Task<BuildResult> BuildAsync(BuildRequest request, IBuildOutput output, CancellationToken cancellationToken)
    {
        var (text, fileName) = ReadDockerfile(request);
        ApplyDockerignore(request.Context);
        var document = DockerfileParser.Parse(text, fileName);
        var plan = InstructionParser.Parse(document);
        var warnings = BuildChecks.Run(document, plan);
        if (warnings.Count > 0)
        {
            if (document.Directives.ChecksAreErrors)
                throw BuildException.Invalid("build checks failed (check=error=true):\n" + string.Join('\n', warnings.Select(w => " - " + w)), warnings[0].Location);
            foreach (var w in warnings) await output.WriteAsync(BuildMessage.Text($"[WARNING]: {w}\n"));
        }
        if (document.Directives.Syntax is { } syntax && !IsBuiltinSyntax(syntax))
            await output.WriteAsync(BuildMessage.Text($"[WARNING]: syntax {syntax}: external frontends are not supported, using the built-in Dockerfile frontend\n"));
        using var session = new BuildSession(host, cache, request, plan, output, cancellationToken);
        return await session.RunAsync();
    }

    private static bool IsBuiltinSyntax(string syntax)
    {
        string s = syntax.StartsWith("docker.io/", StringComparison.Ordinal) ? syntax["docker.io/".Length..] : syntax;
        return s.StartsWith("docker/dockerfile", StringComparison.Ordinal) || s.StartsWith("docker/dockerfile-upstream", StringComparison.Ordinal);
    }

    /// <summary>The Dockerfile named by the request ("Dockerfile", falling back to "dockerfile" as Docker does).</summary>
    private static (string Text, string Name) ReadDockerfile(BuildRequest request)
    {
        string name = string.IsNullOrEmpty(request.Dockerfile) ? "Dockerfile" : request.Dockerfile;
        byte[]? bytes = request.Context.ReadFile(name);
        if (bytes is null && name == "Dockerfile")
        {
            bytes = request.Context.ReadFile("dockerfile");
            if (bytes is not null) name = "dockerfile";
        }
        if (bytes is null) throw BuildException.NotFound($"Cannot locate specified Dockerfile: {name}");
        if (bytes.Length == 0) throw BuildException.Invalid($"the Dockerfile ({name}) cannot be empty");
        string text = System.Text.Encoding.UTF8.GetString(bytes);
        // Names like .dockerfile.6ab1… are how the docker CLI sends a Dockerfile from outside the context or stdin.
        string shown = name.StartsWith(".dockerfile.", StringComparison.Ordinal) ? "Dockerfile" : name;
        return (text, shown);
    }

    private static void ApplyDockerignore(BuildContext context)
    {
        if (context.ReadFile(".dockerignore") is not { } ignore) return;
        context.ApplyIgnore(DockerIgnore.Parse(System.Text.Encoding.UTF8.GetString(ignore)));
    }
}
