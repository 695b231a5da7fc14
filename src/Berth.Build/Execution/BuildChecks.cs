using Berth.Build.Instructions;
using Berth.Build.Parsing;

namespace Berth.Build.Execution;

/// <summary>
/// A few of BuildKit's build checks (reference "check" directive), reported as warnings, or as an error with
/// <c># check=error=true</c>; <c># check=skip=…</c> turns them off.
/// </summary>
internal static class BuildChecks
{
    public static List<ParserWarning> Run(DockerfileDocument doc, BuildPlan plan)
    {
        var found = new List<ParserWarning>(doc.Warnings);
        foreach (var node in doc.Nodes)
        {
            var n = node;
            string written = n.Original.TrimStart();
            int sp = written.IndexOfAny([' ', '\t']);
            string keyword = sp < 0 ? written : written[..sp];
            if (keyword != keyword.ToUpperInvariant() && keyword != keyword.ToLowerInvariant())
                found.Add(new ParserWarning("ConsistentInstructionCasing", $"Command '{keyword}' should be consistently cased", n.Location));
            switch (n.Keyword)
            {
                case "cmd" or "entrypoint" when !n.IsJson && n.Args.Count > 0:
                    found.Add(new ParserWarning("JSONArgsRecommended",
                        $"JSON arguments recommended for {n.Upper} to prevent unintended behavior related to OS signals", n.Location));
                    break;
                case "maintainer":
                    found.Add(new ParserWarning("MaintainerDeprecated", "Maintainer instruction is deprecated in favor of using label", n.Location));
                    break;
                case "env" or "label" when n.KeyValues.Any(kv => !kv.HasDelimiter):
                    found.Add(new ParserWarning("LegacyKeyValueFormat", $"\"{n.Upper} key=value\" should be used instead of legacy \"{n.Upper} key value\" format", n.Location));
                    break;
                case "from" when n.Args.Count == 3:
                {
                    string asWord = n.Args[1];
                    bool fromUpper = keyword == keyword.ToUpperInvariant();
                    if ((fromUpper && asWord != asWord.ToUpperInvariant()) || (!fromUpper && asWord != asWord.ToLowerInvariant()))
                        found.Add(new ParserWarning("FromAsCasing", $"'{asWord}' and '{keyword}' keywords' casing do not match", n.Location));
                    if (n.Args[2] != n.Args[2].ToLowerInvariant())
                        found.Add(new ParserWarning("StageNameCasing", $"Stage name '{n.Args[2]}' should be lowercase", n.Location));
                    break;
                }
            }
        }
        var skipped = doc.Directives.SkippedChecks;
        if (skipped.Contains("all")) return [];
        return found.Where(w => !skipped.Contains(w.Rule)).ToList();
    }
}
