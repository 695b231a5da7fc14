using Berth.Cli.Client;
using Berth.Cli.Formatting;
using Berth.Cli.Options;
using Berth.Cli.Parsing;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>port, top, diff, export, commit.</summary>
public static class ContainerInfoCommands
{
    public static void Register(Dictionary<string, CommandBinding> d)
    {
        d["container port"] = new CommandBinding { Handler = Port, Args = ArgsRule.Range(1, 2) };
        d["container top"] = new CommandBinding { Handler = Top, Args = ArgsRule.AtLeast(1), Interspersed = false };
        d["container diff"] = new CommandBinding { Handler = Diff, Args = ArgsRule.Exact(1) };
        d["container export"] = new CommandBinding { Handler = Export, Args = ArgsRule.Exact(1) };
        d["container commit"] = new CommandBinding { Handler = Commit, Args = ArgsRule.Range(1, 2), Interspersed = false };
    }

    private static int Port(CommandContext ctx)
    {
        string container = ctx.Args[0];
        var (typed, _) = InspectCommands.Container(ctx, container, false);
        var ports = ((GoStruct)typed!).Struct("NetworkSettings")?.Map("Ports");
        var output = new List<string>();
        if (ctx.Args.Count == 2)
        {
            string spec = ctx.Args[1];
            int slash = spec.IndexOf('/');
            string port = slash < 0 ? spec : spec[..slash];
            string proto = slash < 0 ? "tcp" : spec[(slash + 1)..];
            if (proto.Length == 0) proto = "tcp";
            if (!Options.GoParse.TryParseUint(port, 16, out _, out string perr) || port.Length == 0 || !port.All(char.IsAsciiDigit))
                throw new CliException($"Error: invalid port ({port}): {perr.Replace("strconv.ParseUint", "strconv.ParseUint")}");
            if (ports?.Get(port + "/" + proto) is not GoSlice { Count: > 0 } frontends)
                throw new CliException($"Error: No public port '{spec}' published for {container}");
            foreach (var fe in frontends.Items!.OfType<GoStruct>())
                output.Add(PortDisplay.JoinHostPort(fe.Str("HostIP"), fe.Str("HostPort")));
        }
        else if (ports?.Entries is not null)
        {
            foreach (var kv in ports.Entries)
                foreach (var fe in (kv.Value as GoSlice)?.Items?.OfType<GoStruct>() ?? [])
                    output.Add($"{kv.Key} -> {PortDisplay.JoinHostPort(fe.Str("HostIP"), fe.Str("HostPort"))}");
        }
        if (output.Count > 0)
        {
            output.Sort(NaturalOrder.Instance);
            ctx.Out.WriteLine(string.Join("\n", output));
        }
        return 0;
    }

    private static int Top(CommandContext ctx)
    {
        var q = new QueryString();
        if (ctx.Args.Count > 1) q.Set("ps_args", string.Join(" ", ctx.Args.Skip(1)));
        var top = GoJson.DecodeStruct(ctx.Client.GetString(ObjectPaths.Container(ctx.Args[0]) + "/top", q), "container.TopResponse");
        var sb = new System.Text.StringBuilder();
        var tw = new TabWriter(sb, minWidth: 20, padding: 3);
        tw.Write(string.Join("\t", top.Strings("Titles")) + "\n");
        foreach (var proc in (top.Slice("Processes")?.Items ?? []).OfType<GoSlice>())
            tw.Write(string.Join("\t", proc.Items?.Select(x => x as string ?? "") ?? []) + "\n");
        tw.Flush();
        ctx.Out.Write(sb.ToString());
        return 0;
    }

    private static int Diff(CommandContext ctx)
    {
        var changes = GoJson.Decode(ctx.Client.GetString(ObjectPaths.Container(ctx.Args[0]) + "/changes"),
            GoType.SliceOf(GoSchema.Get("container.FilesystemChange"))) as GoSlice;
        string format = ctx.Flags.Has("format") ? ctx.Flags.GetString("format") : "";
        if (format.Length == 0) format = "table";
        if (format == "table") format = "table {{.Type}}\t{{.Path}}";
        // docker diff prints without a header unless a table format was asked for explicitly
        if (!ctx.Flags.Has("format")) format = "{{.Type}} {{.Path}}";
        FormatContext.Write(ctx.Out, format, new HeaderContext(DiffContext.Header),
            (changes?.Items ?? []).OfType<GoStruct>().Select(c => (object?)new DiffContext(c)));
        return 0;
    }

    private static int Export(CommandContext ctx)
    {
        string output = ctx.Flags.GetString("output");
        if (output.Length == 0 && ctx.Cli.IsOutTerminal)
            throw new CliException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
        using var response = ctx.Client.Send("GET", ObjectPaths.Container(ctx.Args[0]) + "/export");
        if (output.Length == 0)
        {
            ctx.Out.Flush();
            response.Body.CopyTo(ctx.Cli.IO.StdoutStream);
            ctx.Cli.IO.StdoutStream.Flush();
            return 0;
        }
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
            throw new CliException("failed to export container: " + e.Message);
        }
        return 0;
    }

    private static int Commit(CommandContext ctx)
    {
        var f = ctx.Flags;
        string repo = "", tag = "";
        if (ctx.Args.Count == 2)
        {
            var r = ImageReference.Parse(ctx.Args[1]);
            if (r.Digest is not null) throw new CliException("refusing to create a tag with a digest reference");
            r = r.WithDefaultTag();
            repo = r.Name;
            tag = r.Tag!;
        }
        var q = new QueryString()
            .Set("container", ObjectPaths.Id("container", ctx.Args[0]))
            .Set("repo", repo)
            .Set("tag", tag)
            .Set("comment", f.GetString("message"))
            .Set("author", f.GetString("author"));
        foreach (var change in f.GetList("change")) q.Add("changes", change);
        if (!f.GetBool("pause")) q.Set("pause", "0");
        string resp = ctx.Client.PostJson("/commit", q, "null\n");
        ctx.Out.WriteLine(GoJson.DecodeStruct(resp, "common.IDResponse").Str("ID"));
        return 0;
    }
}
