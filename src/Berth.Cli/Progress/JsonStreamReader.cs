using System.Text;

namespace Berth.Cli.Progress;

/// <summary>Reads a stream of concatenated JSON values (as json.Decoder does) one value at a time.</summary>
public sealed class JsonStreamReader(Stream input)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;
    private bool _eof;

    /// <summary>The next JSON value's text, or null at the end of the stream.</summary>
    public string? Next()
    {
        var value = new MemoryStream();
        int depth = 0;
        bool inString = false, escape = false, started = false;
        bool scalar = false;
        while (true)
        {
            if (_start == _end)
            {
                if (_eof) break;
                int n = input.Read(_buffer, 0, _buffer.Length);
                if (n <= 0)
                {
                    _eof = true;
                    break;
                }
                _start = 0;
                _end = n;
            }
            byte b = _buffer[_start++];
            if (!started)
            {
                if (b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') continue;
                started = true;
                if (b != '{' && b != '[' && b != '"') scalar = true;
            }
            value.WriteByte(b);
            if (inString)
            {
                if (escape) escape = false;
                else if (b == '\\') escape = true;
                else if (b == '"')
                {
                    inString = false;
                    if (depth == 0) return Encoding.UTF8.GetString(value.ToArray());
                }
                continue;
            }
            switch (b)
            {
                case (byte)'"':
                    inString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    depth++;
                    break;
                case (byte)'}' or (byte)']':
                    depth--;
                    if (depth == 0) return Encoding.UTF8.GetString(value.ToArray());
                    break;
                case (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)',' when scalar && depth == 0:
                    return Encoding.UTF8.GetString(value.ToArray(0, (int)value.Length - 1));
            }
        }
        if (!started) return null;
        if (depth != 0 || inString) throw new CliException("unexpected EOF");
        return Encoding.UTF8.GetString(value.ToArray());
    }
}

internal static class MemoryStreamExtensions
{
    public static byte[] ToArray(this MemoryStream ms, int offset, int count)
    {
        var all = ms.ToArray();
        return all.AsSpan(offset, count).ToArray();
    }
}
