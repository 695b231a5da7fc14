using System.Globalization;
using System.Text;

namespace Berth.Cli.Formatting;

/// <summary>Go's strconv.FormatFloat for the verbs the CLI prints with: 'g' (with and without precision), 'e' and 'f'.</summary>
public static class GoFloat
{
    /// <summary>Decimal digits (no trailing zeros) and the decimal point position: value = 0.digits × 10^dp.</summary>
    private static (string Digits, int Dp) Digits(double v, int significant)
    {
        v = Math.Abs(v);
        if (v == 0) return ("0", 1);
        string e = significant < 0
            ? v.ToString("E16", CultureInfo.InvariantCulture)
            : v.ToString("E" + Math.Max(significant - 1, 0).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (significant < 0)
        {
            // shortest round-trip digits
            string r = v.ToString("R", CultureInfo.InvariantCulture);
            e = ToExponential(r);
        }
        int ePos = e.IndexOf('E');
        string mantissa = e[..ePos].Replace(".", "");
        int exp = int.Parse(e[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        mantissa = mantissa.TrimEnd('0');
        if (mantissa.Length == 0) mantissa = "0";
        return (mantissa, exp + 1);
    }

    private static string ToExponential(string r)
    {
        // r is like "123.45", "1E+21", "1.5E-07"
        int ePos = r.IndexOfAny(['E', 'e']);
        int extraExp = 0;
        string num = r;
        if (ePos >= 0)
        {
            extraExp = int.Parse(r[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            num = r[..ePos];
        }
        int dot = num.IndexOf('.');
        string intPart = dot < 0 ? num : num[..dot];
        string fracPart = dot < 0 ? "" : num[(dot + 1)..];
        string all = intPart + fracPart;
        int firstNonZero = 0;
        while (firstNonZero < all.Length && all[firstNonZero] == '0') firstNonZero++;
        if (firstNonZero == all.Length) return "0E+0";
        int exp = intPart.Length - 1 - firstNonZero + extraExp;
        string digits = all[firstNonZero..];
        return digits[0] + "." + (digits.Length > 1 ? digits[1..] : "0") + "E" + exp.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>strconv.FormatFloat(v, 'g', prec, 64); prec -1 means shortest.</summary>
    public static string FormatG(double v, int prec)
    {
        if (double.IsNaN(v)) return "NaN";
        if (double.IsPositiveInfinity(v)) return "+Inf";
        if (double.IsNegativeInfinity(v)) return "-Inf";
        bool shortest = prec < 0;
        if (prec == 0) prec = 1;
        var (digits, dp) = Digits(v, shortest ? -1 : prec);
        int nd = digits.Length;
        bool neg = v < 0 || (v == 0 && double.IsNegative(v));
        int eprec = prec;
        if (shortest) eprec = 6;
        else if (eprec > nd && nd >= dp) eprec = nd;
        int exp = dp - 1;
        if (shortest) prec = nd;
        if (exp < -4 || exp >= eprec)
        {
            if (prec > nd) prec = nd;
            return FmtE(neg, digits, dp, prec - 1);
        }
        if (prec > dp) prec = nd;
        return FmtF(neg, digits, dp, Math.Max(prec - dp, 0));
    }

    /// <summary>%e with the given number of decimals.</summary>
    public static string FormatE(double v, int decimals)
    {
        var (digits, dp) = Digits(v, decimals + 1);
        return FmtE(v < 0, digits, dp, decimals);
    }

    /// <summary>%f with the given number of decimals.</summary>
    public static string FormatF(double v, int decimals)
    {
        string s = Math.Abs(v).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return (v < 0 || (v == 0 && double.IsNegative(v))) ? "-" + s : s;
    }

    private static string FmtE(bool neg, string digits, int dp, int decimals)
    {
        var sb = new StringBuilder();
        if (neg) sb.Append('-');
        sb.Append(digits[0]);
        if (decimals > 0)
        {
            sb.Append('.');
            for (int i = 1; i <= decimals; i++)
                sb.Append(i < digits.Length ? digits[i] : '0');
        }
        int exp = digits == "0" ? 0 : dp - 1;
        sb.Append('e').Append(exp < 0 ? '-' : '+');
        int a = Math.Abs(exp);
        sb.Append(a < 10 ? "0" + a.ToString(CultureInfo.InvariantCulture) : a.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    private static string FmtF(bool neg, string digits, int dp, int decimals)
    {
        var sb = new StringBuilder();
        if (neg) sb.Append('-');
        if (dp > 0)
        {
            for (int i = 0; i < dp; i++) sb.Append(i < digits.Length ? digits[i] : '0');
        }
        else sb.Append('0');
        if (decimals > 0)
        {
            sb.Append('.');
            for (int i = 0; i < decimals; i++)
            {
                int j = dp + i;
                sb.Append(j >= 0 && j < digits.Length ? digits[j] : '0');
            }
        }
        return sb.ToString();
    }

    /// <summary>strconv.FormatFloat(v, 'f', -1, 64): shortest digits, fixed notation.</summary>
    public static string FormatShortestF(double v)
    {
        var (digits, dp) = Digits(v, -1);
        bool neg = v < 0 || (v == 0 && double.IsNegative(v));
        return FmtF(neg, digits, dp, Math.Max(digits.Length - dp, 0));
    }

    /// <summary>strconv.FormatFloat(v, 'e', -1, 64): shortest digits, exponent notation.</summary>
    public static string FormatShortestE(double v)
    {
        var (digits, dp) = Digits(v, -1);
        return FmtE(v < 0, digits, dp, digits.Length - 1);
    }

    /// <summary>How encoding/json writes a float64.</summary>
    public static string JsonNumber(double v)
    {
        double abs = Math.Abs(v);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21))
        {
            string e = FormatShortestE(v);
            int n = e.Length;
            if (n >= 4 && e[n - 4] == 'e' && e[n - 3] == '-' && e[n - 2] == '0')
                e = e[..(n - 2)] + e[n - 1];
            return e;
        }
        return FormatShortestF(v);
    }
}
