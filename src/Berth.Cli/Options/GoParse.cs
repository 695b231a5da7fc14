using System.Globalization;

namespace Berth.Cli.Options;

/// <summary>Go's strconv number and bool parsing (base prefixes, underscores), with its error texts.</summary>
public static class GoParse
{
    public static bool? ParseBool(string s) => s switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => null,
    };

    /// <summary>strconv.ParseInt(s, 0, bits); null when invalid or out of range.</summary>
    public static long? ParseInt(string s, int bits) => TryParseInt(s, bits, out long v, out _) ? v : null;

    public static ulong? ParseUint(string s, int bits) => TryParseUint(s, bits, out ulong v, out _) ? v : null;

    /// <summary>strconv.ParseInt(s, 0, bits) with Go's error message ("strconv.ParseInt: parsing "x": invalid syntax").</summary>
    public static bool TryParseInt(string s, int bits, out long value, out string error)
    {
        value = 0;
        error = "";
        string body = s;
        bool negative = false;
        if (body.Length > 0 && (body[0] == '+' || body[0] == '-'))
        {
            negative = body[0] == '-';
            body = body[1..];
        }
        if (!TryParseMagnitude(body, out ulong magnitude, out bool range))
        {
            error = $"strconv.ParseInt: parsing {Formatting.GoStrings.Quote(s)}: {(range ? "value out of range" : "invalid syntax")}";
            return false;
        }
        ulong cutoff = 1UL << (bits - 1);
        if (!negative && magnitude >= cutoff || negative && magnitude > cutoff)
        {
            error = $"strconv.ParseInt: parsing {Formatting.GoStrings.Quote(s)}: value out of range";
            return false;
        }
        value = negative ? (long)(0 - magnitude) : (long)magnitude;
        return true;
    }

    public static bool TryParseUint(string s, int bits, out ulong value, out string error)
    {
        value = 0;
        error = "";
        if (!TryParseMagnitude(s, out ulong magnitude, out bool range))
        {
            error = $"strconv.ParseUint: parsing {Formatting.GoStrings.Quote(s)}: {(range ? "value out of range" : "invalid syntax")}";
            return false;
        }
        if (bits < 64 && magnitude >= 1UL << bits)
        {
            error = $"strconv.ParseUint: parsing {Formatting.GoStrings.Quote(s)}: value out of range";
            return false;
        }
        value = magnitude;
        return true;
    }

    private static bool TryParseMagnitude(string s, out ulong value, out bool outOfRange)
    {
        value = 0;
        outOfRange = false;
        if (s.Length == 0) return false;
        int numberBase = 10;
        int start = 0;
        bool prefixed = false;
        if (s[0] == '0' && s.Length > 1)
        {
            char p = char.ToLowerInvariant(s[1]);
            if (p == 'x') { numberBase = 16; start = 2; prefixed = true; }
            else if (p == 'b') { numberBase = 2; start = 2; prefixed = true; }
            else if (p == 'o') { numberBase = 8; start = 2; prefixed = true; }
            else { numberBase = 8; start = 1; prefixed = true; }
        }
        if (start >= s.Length && numberBase != 8) return false;
        bool lastUnderscore = false;
        bool anyDigit = start > 0 && numberBase == 8 && start == 1;
        for (int i = start; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '_')
            {
                if (!prefixed || lastUnderscore) return false;
                lastUnderscore = true;
                continue;
            }
            lastUnderscore = false;
            int d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'z' => c - 'a' + 10,
                >= 'A' and <= 'Z' => c - 'A' + 10,
                _ => 99,
            };
            if (d >= numberBase) return false;
            anyDigit = true;
            if (value > (ulong.MaxValue - (ulong)d) / (ulong)numberBase)
            {
                outOfRange = true;
                // keep scanning for syntax errors as Go reports range only for valid syntax
                value = ulong.MaxValue;
                for (int j = i + 1; j < s.Length; j++)
                {
                    char cj = s[j];
                    int dj = cj is >= '0' and <= '9' ? cj - '0' : cj is >= 'a' and <= 'z' ? cj - 'a' + 10 : cj is >= 'A' and <= 'Z' ? cj - 'A' + 10 : cj == '_' ? 0 : 99;
                    if (dj >= numberBase) { outOfRange = false; return false; }
                }
                return false;
            }
            value = value * (ulong)numberBase + (ulong)d;
        }
        if (lastUnderscore) return false;
        return anyDigit;
    }

    /// <summary>strconv.ParseFloat(s, 64) for the forms the CLI meets.</summary>
    public static bool TryParseFloat(string s, out double value) =>
        double.TryParse(s.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out value)
        && !s.Contains(' ');
}
