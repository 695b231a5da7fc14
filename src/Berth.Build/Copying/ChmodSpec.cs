using System.Globalization;

namespace Berth.Build.Copying;

/// <summary>
/// COPY/ADD --chmod: octal ("755") or chmod(1) symbolic clauses ("u=rwX,go=rX", "+x", "g=u"); <c>X</c> adds
/// execute only for directories and files already executable by someone.
/// </summary>
public sealed class ChmodSpec
{
    private readonly uint? _octal;
    private readonly List<(string Who, char Op, string Perms)> _clauses = new();
    public string Text { get; }

    private ChmodSpec(string text, uint? octal)
    {
        Text = text;
        _octal = octal;
    }

    public static ChmodSpec Parse(string text)
    {
        if (text.Length > 0 && text.All(char.IsAsciiDigit))
        {
            try
            {
                uint mode = Convert.ToUInt32(text, 8);
                if (mode > 0xFFF) throw BuildException.Invalid($"invalid chmod parameter: {text}");
                return new ChmodSpec(text, mode);
            }
            catch (FormatException) { throw BuildException.Invalid($"invalid chmod parameter: {text}"); }
        }
        var spec = new ChmodSpec(text, null);
        foreach (var clause in text.Split(','))
        {
            int i = 0;
            while (i < clause.Length && "ugoa".Contains(clause[i])) i++;
            string who = clause[..i];
            if (i >= clause.Length) throw BuildException.Invalid($"invalid chmod parameter: {text}");
            while (i < clause.Length)
            {
                char op = clause[i];
                if (op is not ('+' or '-' or '=')) throw BuildException.Invalid($"invalid chmod parameter: {text}");
                int start = ++i;
                while (i < clause.Length && clause[i] is not ('+' or '-' or '=')) i++;
                string perms = clause[start..i];
                if (!(perms.All(c => "rwxXst".Contains(c)) || (perms.Length == 1 && "ugo".Contains(perms[0]))))
                    throw BuildException.Invalid($"invalid chmod parameter: {text}");
                spec._clauses.Add((who, op, perms));
            }
        }
        return spec;
    }

    /// <summary>The mode a copied entry gets, from its own mode.</summary>
    public uint Apply(uint mode, bool isDirectory)
    {
        if (_octal is { } o) return o;
        uint m = mode & 0xFFF;
        foreach (var (whoText, op, perms) in _clauses)
        {
            string who = whoText.Length == 0 || whoText.Contains('a') ? "ugo" : whoText;
            uint bits = 0;
            if (perms.Length == 1 && "ugo".Contains(perms[0]))
            {
                int shift = perms[0] switch { 'u' => 6, 'g' => 3, _ => 0 };
                uint src = (m >> shift) & 7;
                foreach (char w in who) bits |= src << Shift(w);
            }
            else
            {
                foreach (char w in who)
                {
                    int s = Shift(w);
                    foreach (char p in perms)
                    {
                        switch (p)
                        {
                            case 'r': bits |= 4u << s; break;
                            case 'w': bits |= 2u << s; break;
                            case 'x': bits |= 1u << s; break;
                            case 'X': if (isDirectory || (m & 0x49) != 0) bits |= 1u << s; break;
                            case 's': if (w == 'u') bits |= 0x800; else if (w == 'g') bits |= 0x400; break;
                            case 't': bits |= 0x200; break;
                        }
                    }
                }
            }
            uint whoMask = 0;
            foreach (char w in who) whoMask |= 7u << Shift(w) | (w == 'u' ? 0x800u : w == 'g' ? 0x400u : 0x200u);
            m = op switch
            {
                '+' => m | bits,
                '-' => m & ~bits,
                _ => (m & ~whoMask) | bits,
            };
        }
        return m;
    }

    private static int Shift(char who) => who switch { 'u' => 6, 'g' => 3, _ => 0 };

    public override string ToString() => Text;

    public string CacheText => _octal is { } o ? Convert.ToString(o, 8).ToString(CultureInfo.InvariantCulture) : Text;
}
