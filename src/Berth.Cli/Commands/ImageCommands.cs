using Berth.Cli.Client;
using Berth.Cli.Formatting;
using Berth.Cli.Options;
using Berth.Cli.Parsing;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>images (image ls), rmi (image rm), tag, history.</summary>
public static class ImageCommands
{
    public static void Register(Dictionary<string, CommandBinding> d)
    {
        d["image ls"] = new CommandBinding { Handler = List, Args = ArgsRule.AtMost(1) };
        d["image rm"] = new CommandBinding { Handler = Remove, Args = ArgsRule.AtLeast(1) };
        d["image tag"] = new CommandBinding { Handler = Tag, Args = ArgsRule.Exact(2), Interspersed = false };
        d["image history"] = new CommandBinding { Handler = History, Args = ArgsRule.Exact(1) };
    }

    private const string DefaultTable = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
    private const string DefaultTableDigest = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";

    private static int List(CommandContext ctx)
    {
        var f = ctx.Flags;
        bool quiet = f.GetBool("quiet"), digests = f.GetBool("digests"), noTrunc = f.GetBool("no-trunc");
        if (f.GetBool("tree"))
        {
            if (quiet) throw new CliException("--quiet is not yet supported with --tree");
            if (noTrunc) throw new CliException("--no-trunc is not yet supported with --tree");
            if (digests) throw new CliException("--show-digest is not yet supported with --tree");
            if (f.GetString("format").Length > 0) throw new CliException("--format is not yet supported with --tree");
            throw new CliException("--tree is not supported by berth yet");
        }
        var filters = FilterArgs.From(f.GetList("filter"));
        if (ctx.Args.Count == 1) filters.Add("reference", ctx.Args[0]);
        var q = new QueryString();
        if (filters.Count > 0) q.Set("filters", filters.ToJson());
        if (f.GetBool("all")) q.Set("all", "1");
        var images = GoJson.Decode(ctx.Client.GetString("/images/json", q), GoType.SliceOf(GoSchema.Get("image.Summary"))) as GoSlice;
        string format = f.GetString("format");
        if (format.Length == 0) format = ctx.Cli.Config.ImagesFormat is { Length: > 0 } cf && !quiet ? cf : "table";
        format = format switch
        {
            "table" => quiet ? "{{.ID}}" : digests ? DefaultTableDigest : DefaultTable,
            "raw" => quiet ? "image_id: {{.ID}}" : digests
                ? "repository: {{ .Repository }}\ntag: {{.Tag}}\ndigest: {{.Digest}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n"
                : "repository: {{ .Repository }}\ntag: {{.Tag}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n",
            _ => FormatContext.IsTable(format) && digests && !format.Contains("{{.Digest}}") ? format + "\t{{.Digest}}" : format,
        };
        bool needDigest = digests || format.Contains("{{.Digest}}");
        var rows = new List<object?>();
        foreach (var img in (images?.Items ?? []).OfType<GoStruct>())
            rows.AddRange(Rows(img, !noTrunc, digests, needDigest));
        FormatContext.Write(ctx.Out, format, new HeaderContext(ImageContext.Header), rows);
        return 0;
    }

    private static bool IsDangling(GoStruct img)
    {
        var tags = img.Strings("RepoTags").ToList();
        var digests = img.Strings("RepoDigests").ToList();
        if (tags.Count == 0 && digests.Count == 0) return true;
        return tags.Count == 1 && tags[0] == "<none>:<none>" && digests.Count == 1 && digests[0] == "<none>@<none>";
    }

    private static IEnumerable<ImageContext> Rows(GoStruct img, bool trunc, bool showDigests, bool needDigest)
    {
        if (IsDangling(img))
        {
            yield return new ImageContext(img, trunc, "<none>", "<none>", "<none>");
            yield break;
        }
        var repoTags = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var repoOrder = new List<string>();
        foreach (var s in img.Strings("RepoTags"))
        {
            if (!ImageReference.TryParse(s, out var r, out _) || r!.Tag is null) continue;
            if (!repoTags.TryGetValue(r.FamiliarName, out var list))
            {
                repoTags[r.FamiliarName] = list = new List<string>();
                repoOrder.Add(r.FamiliarName);
            }
            list.Add(r.Tag);
        }
        var repoDigests = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var digestOrder = new List<string>();
        foreach (var s in img.Strings("RepoDigests"))
        {
            if (!ImageReference.TryParse(s, out var r, out _) || r!.Digest is null) continue;
            if (!repoDigests.TryGetValue(r.FamiliarName, out var list))
            {
                repoDigests[r.FamiliarName] = list = new List<string>();
                digestOrder.Add(r.FamiliarName);
            }
            list.Add(r.Digest);
        }
        foreach (var repo in repoOrder)
        {
            repoDigests.Remove(repo, out var digests);
            if (!needDigest) digests = null;
            foreach (var tag in repoTags[repo])
            {
                if (digests is null || digests.Count == 0)
                {
                    yield return new ImageContext(img, trunc, repo, tag, "<none>");
                    continue;
                }
                foreach (var dg in digests) yield return new ImageContext(img, trunc, repo, tag, dg);
            }
        }
        foreach (var repo in digestOrder)
        {
            if (!repoDigests.TryGetValue(repo, out var digests)) continue;
            if (showDigests)
                foreach (var dg in digests) yield return new ImageContext(img, trunc, repo, "<none>", dg);
            else yield return new ImageContext(img, trunc, repo, "<none>", "");
        }
    }

    private static int Remove(CommandContext ctx)
    {
        var f = ctx.Flags;
        bool force = f.GetBool("force");
        var q = new QueryString();
        if (force) q.Set("force", "1");
        if (f.GetBool("no-prune")) q.Set("noprune", "1");
        foreach (var p in f.GetList("platform")) q.Add("platforms", InspectCommands.PlatformJson(p));
        bool fatal = false;
        var errors = new List<string>();
        foreach (var image in ctx.Args)
        {
            try
            {
                using var r = ctx.Client.Send("DELETE", ObjectPaths.Image(image), q);
                var dels = GoJson.Decode(r.ReadAllText(), GoType.SliceOf(GoSchema.Get("image.DeleteResponse"))) as GoSlice;
                foreach (var del in (dels?.Items ?? []).OfType<GoStruct>())
                {
                    if (del.Str("Deleted").Length > 0) ctx.Out.WriteLine("Deleted: " + del.Str("Deleted"));
                    else ctx.Out.WriteLine("Untagged: " + del.Str("Untagged"));
                }
            }
            catch (ApiException e)
            {
                if (!e.IsNotFound) fatal = true;
                errors.Add(e.Message);
            }
        }
        if (errors.Count > 0)
        {
            string message = string.Join("\n", errors);
            if (!force || fatal) throw new CliException(message);
            ctx.Out.Flush();
            ctx.Err.WriteLine(message);
        }
        return 0;
    }

    private static int Tag(CommandContext ctx)
    {
        string source = ctx.Args[0], target = ctx.Args[1];
        if (!ImageReference.TryParse(source, out _, out var e1) && !IsDigestOrId(source))
            throw new CliException($"Error parsing reference: {Formatting.GoStrings.Quote(source)} is not a valid repository/tag: {e1}");
        if (!ImageReference.TryParse(target, out var r, out var e2))
            throw new CliException($"Error parsing reference: {Formatting.GoStrings.Quote(target)} is not a valid repository/tag: {e2}");
        if (r!.Digest is not null) throw new CliException("refusing to create a tag with a digest reference");
        r = r.WithDefaultTag();
        var q = new QueryString().Set("repo", r.Name).Set("tag", r.Tag!);
        using var resp = ctx.Client.Send("POST", ObjectPaths.Image(source) + "/tag", q);
        resp.ReadAllBytes();
        return 0;
    }

    private static bool IsDigestOrId(string s) => s.StartsWith("sha256:", StringComparison.Ordinal) || s.All(char.IsAsciiHexDigit);

    private static int History(CommandContext ctx)
    {
        var f = ctx.Flags;
        var q = new QueryString();
        if (f.GetString("platform") is { Length: > 0 } platform) q.Set("platform", InspectCommands.PlatformJson(platform));
        var items = GoJson.Decode(ctx.Client.GetString(ObjectPaths.Image(ctx.Args[0]) + "/history", q),
            GoType.SliceOf(GoSchema.Get("image.HistoryResponseItem"))) as GoSlice;
        bool human = f.GetBool("human");
        string format = f.GetString("format");
        if (format.Length == 0) format = "table";
        if (format == "table")
        {
            format = f.GetBool("quiet") ? "{{.ID}}"
                : !human ? "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"
                : "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
        }
        bool trunc = !f.GetBool("no-trunc");
        var rows = (items?.Items ?? []).OfType<GoStruct>().Select(h => (object?)new HistoryContext(h, trunc, human));
        FormatContext.Write(ctx.Out, format, new HeaderContext(HistoryContext.Header), rows);
        return 0;
    }
}
