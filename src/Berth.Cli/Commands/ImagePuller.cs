using Berth.Cli.Client;
using Berth.Cli.Config;
using Berth.Cli.Options;
using Berth.Cli.Progress;

namespace Berth.Cli.Commands;

/// <summary>POST /images/create?fromImage=… with X-Registry-Auth, the progress stream rendered as docker renders it.</summary>
public static class ImagePuller
{
    public static void Pull(CliContext cli, ImageReference reference, string platform, TextWriter? output, bool outputIsTerminal, int terminalFd, bool allTags = false)
    {
        var q = new QueryString().Set("fromImage", reference.Name);
        if (!allTags)
        {
            string tag = reference.Digest ?? reference.Tag ?? "latest";
            q.Set("tag", tag);
        }
        if (platform.Length > 0) q.Set("platform", platform.ToLowerInvariant());
        var headers = new Dictionary<string, string> { ["X-Registry-Auth"] = RegistryAuth.HeaderFor(cli.Config, reference) };
        using var response = cli.Client.Send("POST", "/images/create", q, headers: headers);
        JsonMessageRenderer.Display(response.Body, output ?? TextWriter.Null, outputIsTerminal, terminalFd);
    }
}
