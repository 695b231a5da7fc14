using System.Text;

namespace Berth.Cli.Options;

/// <summary>One line of encoding/csv: comma-separated fields, double quotes quote, "" escapes a quote.</summary>
public static class Csv
{
    public static List<string> SplitLine(string line)
    {
        var fields = new List<string>();
        if (line.Length == 0) return fields;
        var sb = new StringBuilder();
        bool quoted = false;
        bool fieldStart = true;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        sb.Append('"');
                        i++;
                    }
                    else quoted = false;
                }
                else sb.Append(c);
                continue;
            }
            if (c == ',')
            {
                fields.Add(sb.ToString());
                sb.Clear();
                fieldStart = true;
                continue;
            }
            if (c == '"' && fieldStart)
            {
                quoted = true;
                fieldStart = false;
                continue;
            }
            if (c == '"') throw new Parsing.FlagValueException($"parse error on line 1, column {i + 1}: bare \" in non-quoted-field");
            fieldStart = false;
            sb.Append(c);
        }
        if (quoted) throw new Parsing.FlagValueException($"parse error on line 1, column {line.Length + 1}: extraneous or missing \" in quoted-field");
        fields.Add(sb.ToString());
        return fields;
    }
}
