using System.Text.RegularExpressions;

namespace Berth.IntegrationTests.Cli;

/// <summary>
/// Makes outputs of two sessions comparable: object IDs become &lt;ID1&gt;... in order of appearance, relative
/// times lose their numbers, and the program's own name is the same on both sides.
/// </summary>
internal sealed partial class OutputNormalizer
{
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);

    [GeneratedRegex(@"\b(sha256:)?[0-9a-f]{64}\b|\b[0-9a-f]{12}\b")]
    private static partial Regex Ids();

    [GeneratedRegex(@"(Less than a second|About a minute|About an hour|\d+ (seconds?|minutes|hours)) ago")]
    private static partial Regex Ago();

    [GeneratedRegex(@"Up (Less than a second|About a minute|About an hour|\d+ (seconds?|minutes|hours))")]
    private static partial Regex Up();

    [GeneratedRegex(@"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?( ?[+-]\d\d:?\d\d| UTC|Z)*")]
    private static partial Regex Timestamps();

    public string Normalize(string text)
    {
        text = text.Replace("berth", "docker").Replace("Berth", "Docker");
        text = Ids().Replace(text, m =>
        {
            string key = m.Value.StartsWith("sha256:", StringComparison.Ordinal) ? m.Value[7..] : m.Value;
            string shortKey = key[..12];
            if (!_ids.TryGetValue(shortKey, out var name)) _ids[shortKey] = name = $"<ID{_ids.Count + 1}>";
            return m.Value.StartsWith("sha256:", StringComparison.Ordinal) ? "sha256:" + name : name;
        });
        text = Ago().Replace(text, "<ago>");
        text = Up().Replace(text, "Up <t>");
        text = Timestamps().Replace(text, "<time>");
        return text;
    }
}
