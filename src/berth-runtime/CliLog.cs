using System.Text;
using Berth.Runtime;

namespace Berth.RuntimeCli;

/// <summary>The --log file (or stderr) in runc's formats: text (logrus style) or json, one line per entry.</summary>
internal sealed class CliLog : IRuntimeLog
{
    private readonly string? _path;
    private readonly bool _json;
    private readonly bool _debug;

    public CliLog(string? path, string format, bool debug)
    {
        _path = string.IsNullOrEmpty(path) ? null : path;
        _json = format == "json";
        _debug = debug;
    }

    public bool HasFile => _path is not null;

    public bool IsEnabled(RuntimeLogLevel level) => level != RuntimeLogLevel.Debug || _debug;

    public void Write(RuntimeLogLevel level, string message)
    {
        if (!IsEnabled(level)) return;
        string levelName = level switch
        {
            RuntimeLogLevel.Debug => "debug",
            RuntimeLogLevel.Info => "info",
            RuntimeLogLevel.Warning => "warning",
            _ => "error",
        };
        string time = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        string line = _json
            ? $"{{\"level\":\"{levelName}\",\"msg\":{Quote(message)},\"time\":\"{time}\"}}\n"
            : $"time=\"{time}\" level={levelName} msg={Quote(message)}\n";
        if (_path is null)
        {
            System.Console.Error.Write(line);
            return;
        }
        try
        {
            using var f = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            f.Write(Encoding.UTF8.GetBytes(line));
        }
        catch (IOException)
        {
            System.Console.Error.Write(line);
        }
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
