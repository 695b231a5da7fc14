namespace Berth.Cli.Streams;

/// <summary>Detach key sequences: moby/term's ToBytes ("ctrl-p,ctrl-q" → 0x10 0x11) and the escape filter on stdin.</summary>
public static class DetachKeys
{
    public static readonly byte[] Default = [16, 17];

    private static readonly string[] Ascii =
    [
        "ctrl-@", "ctrl-a", "ctrl-b", "ctrl-c", "ctrl-d", "ctrl-e", "ctrl-f", "ctrl-g", "ctrl-h", "ctrl-i", "ctrl-j", "ctrl-k",
        "ctrl-l", "ctrl-m", "ctrl-n", "ctrl-o", "ctrl-p", "ctrl-q", "ctrl-r", "ctrl-s", "ctrl-t", "ctrl-u", "ctrl-v", "ctrl-w",
        "ctrl-x", "ctrl-y", "ctrl-z", "ctrl-[", "ctrl-\\", "ctrl-]", "ctrl-^", "ctrl-_",
    ];

    /// <summary>Parses a detach key description; throws with moby's "unknown character" message.</summary>
    public static byte[] ToBytes(string keys)
    {
        var codes = new List<byte>();
        foreach (var key in keys.Split(','))
        {
            if (key.Length == 1)
            {
                codes.Add((byte)key[0]);
                continue;
            }
            int code = Array.IndexOf(Ascii, key.ToLowerInvariant());
            if (code < 0) throw new CliException($"unknown character: '{key}'");
            codes.Add((byte)code);
        }
        return codes.ToArray();
    }
}
