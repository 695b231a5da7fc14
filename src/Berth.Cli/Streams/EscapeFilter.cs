namespace Berth.Cli.Streams;

/// <summary>
/// moby/term's escapeProxy: passes input through but holds back a partial detach sequence, and reports
/// when the full sequence was typed (the caller then detaches).
/// </summary>
public sealed class EscapeFilter(byte[] escapeKeys)
{
    private int _pos;
    private readonly List<byte> _pending = new();

    /// <summary>Filters one chunk; returns the bytes to forward and whether the escape sequence completed.</summary>
    public (byte[] Forward, bool Detach) Process(ReadOnlySpan<byte> input)
    {
        var output = new List<byte>(input.Length + _pending.Count);
        for (int i = 0; i < input.Length; i++)
        {
            byte b = input[i];
            if (escapeKeys.Length > 0 && b == escapeKeys[_pos])
            {
                _pending.Add(b);
                _pos++;
                if (_pos == escapeKeys.Length) return (output.ToArray(), true);
                continue;
            }
            if (_pending.Count > 0)
            {
                output.AddRange(_pending);
                _pending.Clear();
                _pos = 0;
                if (escapeKeys.Length > 0 && b == escapeKeys[0])
                {
                    _pending.Add(b);
                    _pos = 1;
                    if (_pos == escapeKeys.Length) return (output.ToArray(), true);
                    continue;
                }
            }
            output.Add(b);
        }
        return (output.ToArray(), false);
    }
}
