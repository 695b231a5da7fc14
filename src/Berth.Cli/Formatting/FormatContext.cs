using System.Text;
using Berth.Cli.Templates;
using Berth.Cli.Values;

namespace Berth.Cli.Formatting;

/// <summary>
/// docker's formatter.Context: "table TEMPLATE" (tab-aligned, with a header rendered from the header map),
/// "json" ({{json .}}), "raw" or a plain template; "\t" and "\n" written literally in the format are unescaped.
/// </summary>
public static class FormatContext
{
    public static bool IsTable(string format) => format.StartsWith("table", StringComparison.Ordinal);

    public static string FinalFormat(string format)
    {
        string f = format;
        if (IsTable(f)) f = f["table".Length..];
        else if (f == "json") f = "{{json .}}";
        f = f.Trim(' ');
        return f.Replace("\\t", "\t").Replace("\\n", "\n");
    }

    public static GoTemplate ParseOrThrow(string format)
    {
        try
        {
            return GoTemplate.Parse(FinalFormat(format));
        }
        catch (TemplateException e)
        {
            throw new CliException("template parsing error: " + e.Message);
        }
    }

    /// <summary>Renders items with the format and writes the result to <paramref name="output"/>.</summary>
    public static void Write(TextWriter output, string format, IGoObject header, IEnumerable<object?> items)
    {
        var tmpl = ParseOrThrow(format);
        var buffer = new StringBuilder();
        foreach (var item in items)
        {
            try
            {
                tmpl.Execute(buffer, item);
            }
            catch (TemplateException e)
            {
                output.Write(Finish(format, tmpl, header, buffer, partial: true));
                throw new CliException("template parsing error: " + e.Message);
            }
            buffer.Append('\n');
        }
        output.Write(Finish(format, tmpl, header, buffer, partial: false));
    }

    private static string Finish(string format, GoTemplate tmpl, IGoObject header, StringBuilder buffer, bool partial)
    {
        if (!IsTable(format))
        {
            return partial ? "" : buffer.ToString();
        }
        if (partial) return "";
        var headerText = new StringBuilder();
        try
        {
            tmpl.WithFunctions(TemplateFunctions.Header).Execute(headerText, header);
        }
        catch (TemplateException)
        {
            // docker ignores header rendering errors and keeps what was written
        }
        var result = new StringBuilder();
        var tw = new TabWriter(result);
        tw.Write(headerText.ToString());
        tw.Write("\n");
        tw.Write(buffer.ToString());
        tw.Flush();
        return result.ToString();
    }
}
