using System.Globalization;
using Berth.Engine.Errors;

namespace Berth.Engine;

/// <summary>Docker's size strings ("10m", "1.5g", "512k", "100") as bytes (binary multiples, as go-units RAMInBytes).</summary>
public static class Units
{
    public static long ParseBytes(string text, string what)
    {
        string s = text.Trim().ToLowerInvariant();
        if (s.EndsWith('b') && s.Length > 1 && !char.IsAsciiDigit(s[^2])) s = s[..^1];
        else if (s.EndsWith('b')) s = s[..^1];
        long multiplier = 1;
        if (s.Length > 0 && char.IsAsciiLetter(s[^1]))
        {
            multiplier = s[^1] switch
            {
                'k' => 1L << 10, 'm' => 1L << 20, 'g' => 1L << 30, 't' => 1L << 40, 'p' => 1L << 50,
                _ => throw EngineException.Invalid($"invalid {what}: \"{text}\""),
            };
            s = s[..^1];
        }
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0)
            throw EngineException.Invalid($"invalid {what}: \"{text}\"");
        return (long)(value * multiplier);
    }
}
