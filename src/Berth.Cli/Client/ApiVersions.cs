using System.Globalization;

namespace Berth.Cli.Client;

/// <summary>Docker API version strings ("1.41") compared numerically, as api/types/versions does.</summary>
public static class ApiVersions
{
    public static int Compare(string a, string b)
    {
        var pa = a.Split('.');
        var pb = b.Split('.');
        for (int i = 0; i < Math.Max(pa.Length, pb.Length); i++)
        {
            int x = i < pa.Length && int.TryParse(pa[i], NumberStyles.None, CultureInfo.InvariantCulture, out int va) ? va : 0;
            int y = i < pb.Length && int.TryParse(pb[i], NumberStyles.None, CultureInfo.InvariantCulture, out int vb) ? vb : 0;
            if (x != y) return x < y ? -1 : 1;
        }
        return 0;
    }

    public static bool LessThan(string a, string b) => Compare(a, b) < 0;
    public static bool GreaterThanOrEqual(string a, string b) => Compare(a, b) >= 0;
}
