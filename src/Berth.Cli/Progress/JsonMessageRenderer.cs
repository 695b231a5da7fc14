using System.Globalization;
using System.Text;
using Berth.Cli.Formatting;
using Berth.Linux.Terminal;

namespace Berth.Cli.Progress;

/// <summary>
/// docker's DisplayJSONMessagesStream: on a terminal one line per layer id redrawn in place with cursor
/// movement and progress bars; otherwise plain status lines without bars. An errorDetail ends it with an error.
/// </summary>
public static class JsonMessageRenderer
{
    public static void Display(Stream input, TextWriter output, bool isTerminal, int terminalFd, Action<JsonMessage>? aux = null)
    {
        var reader = new JsonStreamReader(input);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        while (true)
        {
            string? text = reader.Next();
            if (text is null) break;
            JsonMessage jm;
            try
            {
                jm = JsonMessage.Parse(text);
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new CliException(e.Message);
            }
            if (jm.Aux is not null)
            {
                aux?.Invoke(jm);
                continue;
            }
            int diff = 0;
            if (jm.Id.Length > 0 && (jm.Progress is not null || jm.ProgressMessage.Length > 0))
            {
                if (!ids.TryGetValue(jm.Id, out int line))
                {
                    line = ids.Count;
                    ids[jm.Id] = line;
                    if (isTerminal) output.Write('\n');
                }
                diff = ids.Count - line;
                if (isTerminal && diff > 0) output.Write($"\x1b[{diff}A");
            }
            else
            {
                ids.Clear();
            }
            if (jm.ErrorMessage is not null)
            {
                output.Flush();
                throw new CliException(jm.ErrorMessage);
            }
            Render(jm, output, isTerminal, terminalFd);
            if (jm.Id.Length > 0 && isTerminal && diff > 0) output.Write($"\x1b[{diff}B");
            output.Flush();
        }
    }

    private static void Render(JsonMessage jm, TextWriter output, bool isTerminal, int terminalFd)
    {
        string endl = "";
        string progressText = "";
        if (jm.Progress is not null)
        {
            int width = 200;
            if (terminalFd >= 0 && Tty.TryGetSize(terminalFd, out _, out ushort cols) && cols > 0) width = cols;
            progressText = jm.Progress.Render(width, DateTimeOffset.UtcNow);
        }
        if (isTerminal && jm.Stream.Length == 0 && jm.Progress is not null)
        {
            output.Write("\x1b[2K");
            endl = "\r";
            output.Write(endl);
        }
        else if (jm.Progress is not null && progressText.Length > 0)
        {
            return; // no progress bars when not on a terminal
        }
        var sb = new StringBuilder();
        if (jm.TimeNano != 0) sb.Append(FixedTime(DateTimeOffset.FromUnixTimeMilliseconds(jm.TimeNano / 1_000_000), (int)(jm.TimeNano % 1_000_000_000))).Append(' ');
        else if (jm.Time != 0) sb.Append(FixedTime(DateTimeOffset.FromUnixTimeSeconds(jm.Time), 0)).Append(' ');
        if (jm.Id.Length > 0) sb.Append(jm.Id).Append(": ");
        if (jm.From.Length > 0) sb.Append("(from ").Append(jm.From).Append(") ");
        if (jm.Progress is not null && isTerminal) sb.Append(jm.Status).Append(' ').Append(progressText).Append(endl);
        else if (jm.ProgressMessage.Length > 0) sb.Append(jm.Status).Append(' ').Append(jm.ProgressMessage).Append(endl);
        else if (jm.Stream.Length > 0) sb.Append(jm.Stream).Append(endl);
        else sb.Append(jm.Status).Append(endl).Append('\n');
        output.Write(sb.ToString());
    }

    /// <summary>RFC3339NanoFixed in local time: "2006-01-02T15:04:05.000000000Z07:00".</summary>
    private static string FixedTime(DateTimeOffset t, int nanos)
    {
        var local = TimeZoneInfo.ConvertTime(t, TimeZoneInfo.Local);
        string s = local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." + nanos.ToString("000000000", CultureInfo.InvariantCulture);
        return s + (local.Offset == TimeSpan.Zero ? "Z" : local.ToString("zzz", CultureInfo.InvariantCulture));
    }
}
