using Berth.Cli.Client;
using Berth.Cli.Config;
using Berth.Cli.Options;
using Berth.Cli.Parsing;
using Berth.Cli.Progress;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>pull, push, save, load, import.</summary>
public static class ImageTransferCommands
{
    public static void Register(Dictionary<string, CommandBinding> d)
    {
        d["image pull"] = new CommandBinding { Handler = Pull, Args = ArgsRule.Exact(1) };
        d["image push"] = new CommandBinding { Handler = Push, Args = ArgsRule.Exact(1) };
        d["image save"] = new CommandBinding { Handler = Save, Args = ArgsRule.AtLeast(1) };
        d["image load"] = new CommandBinding { Handler = Load, Args = ArgsRule.None };
        d["image import"] = new CommandBinding { Handler = Import, Args = ArgsRule.Range(1, 2) };
    }

    private static ImageReference ParseForTransfer(CommandContext ctx, string remote, bool all, bool quiet)
    {
        var r = ImageReference.Parse(remote);
        bool nameOnly = r.Tag is null && r.Digest is null;
        if (all && !nameOnly) throw new CliException("tag can't be used with --all-tags/-a");
        if (!all && nameOnly)
        {
            r = r.WithDefaultTag();
            if (!quiet) ctx.Out.WriteLine("Using default tag: latest");
        }
        return r;
    }

    private static int Pull(CommandContext ctx)
    {
        var f = ctx.Flags;
        bool all = f.GetBool("all-tags"), quiet = f.GetBool("quiet");
        var r = ParseForTransfer(ctx, ctx.Args[0], all, quiet);
        try
        {
            ImagePuller.Pull(ctx.Cli, r, f.GetString("platform"), quiet ? null : ctx.Out, ctx.Cli.IsOutTerminal, ctx.Cli.IO.StdoutFd, all);
        }
        catch (CliException e) when (e.Message.Contains("when fetching 'plugin'"))
        {
            throw new CliException(e.Message + " - Use `berth plugin install`");
        }
        ctx.Out.WriteLine(r.ToString());
        return 0;
    }

    private static int Push(CommandContext ctx)
    {
        var f = ctx.Flags;
        bool all = f.GetBool("all-tags"), quiet = f.GetBool("quiet");
        string platform = f.GetString("platform");
        var q = new QueryString();
        if (platform.Length > 0)
        {
            ctx.Out.WriteLine("\nNote: Using --platform pushes only the specified platform manifest of a multi-platform image index.\nOther components, like attestations, will not be included.\nTo push the complete multi-platform image, remove the --platform flag.\n");
            ctx.Client.RequireVersion("1.46", "platform");
            q.Set("platform", InspectCommands.PlatformJson(platform));
        }
        var r = ParseForTransfer(ctx, ctx.Args[0], all, quiet);
        if (r.Digest is not null) throw new CliException("cannot push a digest reference");
        if (!all && r.Tag is not null) q.Set("tag", r.Tag);
        var headers = new Dictionary<string, string> { ["X-Registry-Auth"] = RegistryAuth.HeaderFor(ctx.Cli.Config, r) };
        using var response = ctx.Client.Send("POST", ObjectPaths.Image(r.Name) + "/push", q, headers: headers);
        JsonMessageRenderer.Display(response.Body, quiet ? TextWriter.Null : ctx.Out, ctx.Cli.IsOutTerminal, ctx.Cli.IO.StdoutFd);
        if (quiet) ctx.Out.WriteLine(r.ToString());
        return 0;
    }

    private static int Save(CommandContext ctx)
    {
        string output = ctx.Flags.GetString("output");
        if (output.Length == 0 && ctx.Cli.IsOutTerminal)
            throw new CliException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
        var q = new QueryString();
        foreach (var name in ctx.Args) q.Add("names", name);
        if (ctx.Flags.GetString("platform") is { Length: > 0 } platform)
        {
            ctx.Client.RequireVersion("1.48", "platform");
            q.Add("platform", InspectCommands.PlatformJson(platform));
        }
        using var response = ctx.Client.Send("GET", "/images/get", q);
        if (output.Length == 0)
        {
            ctx.Out.Flush();
            response.Body.CopyTo(ctx.Cli.IO.StdoutStream);
            ctx.Cli.IO.StdoutStream.Flush();
            return 0;
        }
        // atomic write: a temporary file renamed over the target once complete
        string dir = Path.GetDirectoryName(Path.GetFullPath(output)) ?? ".";
        string tmp = Path.Combine(dir, "." + Path.GetFileName(output) + ".tmp" + Environment.ProcessId);
        try
        {
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
            {
                response.Body.CopyTo(fs);
                fs.Flush(true);
            }
            File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(tmp, output, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(tmp);
            }
            catch (IOException)
            {
            }
            throw new CliException("failed to save image: " + e.Message);
        }
        return 0;
    }

    private static int Load(CommandContext ctx)
    {
        string input = ctx.Flags.GetString("input");
        Stream body;
        if (input.Length == 0)
        {
            if (ctx.Cli.IsInTerminal) throw new CliException("requested load from stdin, but stdin is empty");
            body = ctx.Cli.IO.StdinStream;
        }
        else
        {
            try
            {
                body = File.OpenRead(input);
            }
            catch (FileNotFoundException)
            {
                throw new CliException($"open {input}: no such file or directory");
            }
        }
        using (body)
        {
            var q = new QueryString().Set("quiet", ctx.Flags.GetBool("quiet") || !ctx.Cli.IsOutTerminal ? "1" : "0");
            if (ctx.Flags.GetString("platform") is { Length: > 0 } platform)
            {
                ctx.Client.RequireVersion("1.48", "platform");
                q.Add("platform", InspectCommands.PlatformJson(platform));
            }
            using var response = ctx.Client.Send("POST", "/images/load", q, contentType: "application/x-tar", bodyStream: body);
            if (response.Header("Content-Type") == "application/json")
                JsonMessageRenderer.Display(response.Body, ctx.Out, ctx.Cli.IsOutTerminal, ctx.Cli.IO.StdoutFd);
            else
            {
                ctx.Out.Flush();
                response.Body.CopyTo(ctx.Cli.IO.StdoutStream);
            }
        }
        return 0;
    }

    private static int Import(CommandContext ctx)
    {
        string source = ctx.Args[0];
        string reference = ctx.Args.Count > 1 ? ctx.Args[1] : "";
        if (reference.Length > 0) ImageReference.Parse(reference);
        var q = new QueryString();
        Stream? body = null;
        if (source == "-")
        {
            q.Set("fromSrc", "-");
            body = ctx.Cli.IO.StdinStream;
        }
        else if (source.StartsWith("http://", StringComparison.Ordinal) || source.StartsWith("https://", StringComparison.Ordinal))
        {
            q.Set("fromSrc", source);
        }
        else
        {
            try
            {
                body = File.OpenRead(source);
            }
            catch (FileNotFoundException)
            {
                throw new CliException($"open {source}: no such file or directory");
            }
            q.Set("fromSrc", "-");
        }
        if (reference.Length > 0) q.Set("repo", reference);
        if (ctx.Flags.GetString("message") is { Length: > 0 } message) q.Set("message", message);
        if (ctx.Flags.GetString("platform") is { Length: > 0 } platform) q.Set("platform", platform.ToLowerInvariant());
        foreach (var change in ctx.Flags.GetList("change")) q.Add("changes", change);
        using (body)
        {
            using var response = ctx.Client.Send("POST", "/images/create", q, bodyStream: body);
            JsonMessageRenderer.Display(response.Body, ctx.Out, ctx.Cli.IsOutTerminal, ctx.Cli.IO.StdoutFd);
        }
        return 0;
    }
}
