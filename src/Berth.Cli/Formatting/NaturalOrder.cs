namespace Berth.Cli.Formatting;

/// <summary>fvbommel/sortorder.NaturalLess: digit runs compare as numbers ("vol2" before "vol10").</summary>
public sealed class NaturalOrder : IComparer<string>
{
    public static readonly NaturalOrder Instance = new();

    public int Compare(string? a, string? b)
    {
        a ??= "";
        b ??= "";
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            bool da = char.IsAsciiDigit(a[i]), db = char.IsAsciiDigit(b[j]);
            if (da && db)
            {
                int si = i, sj = j;
                while (si < a.Length && a[si] == '0') si++;
                while (sj < b.Length && b[sj] == '0') sj++;
                int ei = si, ej = sj;
                while (ei < a.Length && char.IsAsciiDigit(a[ei])) ei++;
                while (ej < b.Length && char.IsAsciiDigit(b[ej])) ej++;
                int la = ei - si, lb = ej - sj;
                if (la != lb) return la < lb ? -1 : 1;
                int c = string.CompareOrdinal(a, si, b, sj, la);
                if (c != 0) return c;
                int za = si - i, zb = sj - j;
                if (za != zb) return za < zb ? -1 : 1;
                i = ei;
                j = ej;
                continue;
            }
            if (a[i] != b[j]) return a[i] < b[j] ? -1 : 1;
            i++;
            j++;
        }
        return (a.Length - i).CompareTo(b.Length - j);
    }
}
