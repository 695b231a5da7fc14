namespace Berth.Build.Parsing;

/// <summary>
/// A here-document attached to an instruction (<c>RUN &lt;&lt;EOF</c>, <c>COPY &lt;&lt;-"EOT" /f</c>): its delimiter,
/// the file descriptor it feeds (<c>3&lt;&lt;EOF</c>), whether variables are expanded (unquoted delimiter), whether
/// leading tabs are stripped (<c>&lt;&lt;-</c>), and its content with line endings.
/// </summary>
public sealed record Heredoc(string Name, int FileDescriptor, bool Expand, bool Chomp, string Content)
{
    /// <summary>The content as the instruction sees it: with <c>&lt;&lt;-</c>, leading tabs removed from every line.</summary>
    public string EffectiveContent => Chomp ? StripLeadingTabs(Content) : Content;

    public static string StripLeadingTabs(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        bool lineStart = true;
        foreach (char c in text)
        {
            if (lineStart && c == '\t') continue;
            lineStart = c == '\n';
            sb.Append(c);
        }
        return sb.ToString();
    }
}
