using System.Text;
using Berth.Cli.Client;
using Berth.Cli.Parsing;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>
/// `berth __complete WORDS...` (cobra's protocol, used by the completion scripts): candidates one per line,
/// "name\tdescription", then ":DIRECTIVE" (4 = no file completion). Names of containers, images, volumes and
/// networks come from the daemon when it is reachable.
/// </summary>
public static class Completer
{
    private const int NoFileComp = 4;

    public static int Complete(CliContext cli, CommandSpec root, IReadOnlyList<string> words, bool descriptions)
    {
        var current = root;
        int i = 0;
        int positional = 0;
        for (; i < words.Count - 1; i++)
        {
            string w = words[i];
            if (w.StartsWith('-'))
            {
                var spec = w.StartsWith("--", StringComparison.Ordinal) ? current.FindFlag(w[2..].Split('=')[0])
                    : w.Length == 2 ? current.FindShorthand(w[1]) : null;
                if (spec is not null && !spec.IsBool && !w.Contains('=')) i++;
                continue;
            }
            var sub = current.HasSubcommands ? current.FindSubcommand(w) : null;
            if (sub is not null)
            {
                current = sub;
                positional = 0;
            }
            else positional++;
        }
        string prefix = words.Count > 0 ? words[^1] : "";
        var sb = new StringBuilder();
        int directive = NoFileComp;
        void Add(string name, string description)
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) return;
            sb.Append(name);
            if (descriptions && description.Length > 0) sb.Append('\t').Append(description.Split('\n')[0]);
            sb.Append('\n');
        }
        if (prefix.StartsWith('-'))
        {
            foreach (var f in current.Flags.Where(f => !f.Hidden).OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                Add("--" + f.Name, f.Usage);
                if (f.Shorthand != '\0') Add("-" + f.Shorthand, f.Usage);
            }
        }
        else if (current.HasSubcommands)
        {
            foreach (var c in current.Subcommands.Where(c => !c.Hidden).OrderBy(c => c.Name, StringComparer.Ordinal)) Add(c.Name, c.Short);
        }
        else
        {
            try
            {
                foreach (var name in Names(cli, current.HandlerId ?? "", positional)) Add(name, "");
            }
            catch (CliException)
            {
                // no daemon: no dynamic names
            }
            if (current.HandlerId is "container cp" or "image build" or "image load" or "image import") directive = 0;
        }
        cli.Out.Write(sb.ToString());
        cli.Out.WriteLine(":" + directive);
        return 0;
    }

    private static IEnumerable<string> Names(CliContext cli, string handler, int positional)
    {
        if (handler is "container run" or "container create" or "image push" or "image save" or "image history" or "image inspect"
            or "image rm" or "image tag" || (handler == "image pull" && positional == 0))
        {
            if (handler is "container run" or "container create" && positional > 0) return [];
            var images = GoJson.Decode(cli.Client.GetString("/images/json"), GoType.SliceOf(GoSchema.Get("image.Summary"))) as GoSlice;
            return (images?.Items ?? []).OfType<GoStruct>().SelectMany(i => i.Strings("RepoTags")).Where(t => t != "<none>:<none>").Distinct();
        }
        if (handler.StartsWith("volume ", StringComparison.Ordinal))
        {
            var list = GoJson.DecodeStruct(cli.Client.GetString("/volumes"), "volume.ListResponse");
            return (list.Slice("Volumes")?.Items ?? []).OfType<GoStruct>().Select(v => v.Str("Name"));
        }
        if (handler.StartsWith("network ", StringComparison.Ordinal) && positional == 0)
        {
            var nets = GoJson.Decode(cli.Client.GetString("/networks"), GoType.SliceOf(GoSchema.Get("network.Inspect"))) as GoSlice;
            return (nets?.Items ?? []).OfType<GoStruct>().Select(n => n.Str("Name"));
        }
        if (handler.StartsWith("container ", StringComparison.Ordinal) || handler is "network connect" or "network disconnect" or "inspect")
        {
            var q = new QueryString().Set("all", "1");
            var list = GoJson.Decode(cli.Client.GetString("/containers/json", q), GoType.SliceOf(GoSchema.Get("container.Summary"))) as GoSlice;
            return (list?.Items ?? []).OfType<GoStruct>().SelectMany(c => c.Strings("Names")).Select(n => n.TrimStart('/'));
        }
        return [];
    }
}
