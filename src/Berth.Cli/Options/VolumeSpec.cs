namespace Berth.Cli.Options;

/// <summary>The compose loader's ParseVolume as `-v` uses it: "[source:]target[:options]", bind when the source is a path.</summary>
public sealed record VolumeSpec(string Type, string Source, string Target, bool ReadOnly)
{
    public static VolumeSpec Parse(string spec)
    {
        if (spec.Length == 0) throw new CliException("invalid empty volume spec");
        if (spec.Length <= 2) return new VolumeSpec("volume", "", spec, false);
        string source = "", target = "";
        bool readOnly = false;
        var buffer = new System.Text.StringBuilder();
        string all = spec + "\0";
        for (int i = 0; i < all.Length; i++)
        {
            char c = all[i];
            bool windowsDrive = c == ':' && buffer.Length == 1 && char.IsLetter(buffer[0]);
            if (windowsDrive)
            {
                buffer.Append(c);
                continue;
            }
            if (c == ':' || c == '\0')
            {
                string s = buffer.ToString();
                if (s.Length == 0) throw new CliException($"invalid spec: {spec}: empty section between colons");
                if (source.Length == 0 && c == '\0') target = s;
                else if (source.Length == 0) source = s;
                else if (target.Length == 0) target = s;
                else if (c == ':') throw new CliException($"invalid spec: {spec}: too many colons");
                else
                {
                    foreach (var option in s.Split(','))
                    {
                        if (option == "ro") readOnly = true;
                        else if (option == "rw") readOnly = false;
                    }
                }
                buffer.Clear();
                continue;
            }
            buffer.Append(c);
        }
        string type = source.Length > 0 && IsFilePath(source) ? "bind" : "volume";
        return new VolumeSpec(type, source, target, readOnly);
    }

    private static bool IsFilePath(string source)
    {
        if (source[0] is '.' or '/' or '~') return true;
        if (source.Length == 1) return false;
        if (source.StartsWith(@"\\", StringComparison.Ordinal)) return true;
        return char.IsLetter(source[0]) && source[1] == ':';
    }
}
