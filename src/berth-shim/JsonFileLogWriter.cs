using System.Text;
using System.Text.Json;

namespace Berth.Shim;

/// <summary>
/// Docker's json-file log: one {"log","stream","time"} object per line of output (a line longer than 16 KiB is split),
/// rotated at max-size into file.1 … file.(max-file − 1).
/// </summary>
internal sealed class JsonFileLogWriter : IDisposable
{
    private const int MaxLine = 16 * 1024;
    private readonly string _path;
    private readonly long _maxSize;
    private readonly int _maxFiles;
    private FileStream _file;
    private readonly StringBuilder[] _partial = [new(), new(), new()];
    private readonly object _lock = new();

    public JsonFileLogWriter(string path, long maxSize, int maxFiles)
    {
        _path = path;
        _maxSize = maxSize;
        _maxFiles = Math.Max(1, maxFiles);
        _file = Open();
    }

    private FileStream Open() => new(_path, new FileStreamOptions
    {
        Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete,
        UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
    });

    public void Write(byte stream, byte[] data)
    {
        lock (_lock)
        {
            var pending = _partial[stream];
            string text = Encoding.UTF8.GetString(data);
            int start = 0;
            while (start < text.Length)
            {
                int nl = text.IndexOf('\n', start);
                if (nl < 0)
                {
                    pending.Append(text, start, text.Length - start);
                    if (pending.Length >= MaxLine) Emit(stream, pending);
                    break;
                }
                pending.Append(text, start, nl - start + 1);
                Emit(stream, pending);
                start = nl + 1;
            }
        }
    }

    /// <summary>Writes what remains of unterminated lines (at exit).</summary>
    public void Flush()
    {
        lock (_lock)
        {
            for (byte s = 1; s <= 2; s++)
                if (_partial[s].Length > 0) Emit(s, _partial[s]);
            _file.Flush();
        }
    }

    private void Emit(byte stream, StringBuilder line)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteString("log", line.ToString());
            w.WriteString("stream", stream == 2 ? "stderr" : "stdout");
            w.WriteString("time", FormatTime(DateTimeOffset.UtcNow));
            w.WriteEndObject();
        }
        ms.WriteByte((byte)'\n');
        line.Clear();
        if (_maxSize > 0 && _file.Length + ms.Length > _maxSize && _file.Length > 0) Rotate();
        _file.Write(ms.GetBuffer(), 0, (int)ms.Length);
        _file.Flush();
    }

    private void Rotate()
    {
        _file.Dispose();
        if (_maxFiles <= 1)
        {
            File.Delete(_path);
        }
        else
        {
            File.Delete($"{_path}.{_maxFiles - 1}");
            for (int i = _maxFiles - 2; i >= 1; i--)
                if (File.Exists($"{_path}.{i}")) File.Move($"{_path}.{i}", $"{_path}.{i + 1}", overwrite: true);
            File.Move(_path, _path + ".1", overwrite: true);
        }
        _file = Open();
    }

    /// <summary>RFC 3339 with 9 fractional digits, as Docker writes log times.</summary>
    public static string FormatTime(DateTimeOffset t)
    {
        long ticks = t.UtcTicks % TimeSpan.TicksPerSecond;
        return t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "." + (ticks * 100).ToString("D9") + "Z";
    }

    public void Dispose()
    {
        Flush();
        _file.Dispose();
    }
}
