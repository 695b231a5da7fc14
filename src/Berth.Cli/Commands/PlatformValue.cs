using System.Text;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>docker's formatter.Platform: prints "os/arch[/variant]", marshals as the OCI platform object.</summary>
public sealed class PlatformValue(GoStruct platform) : IGoObject
{
    public string GoTypeName => "*formatter.Platform";

    public bool TryInvoke(string name, IReadOnlyList<object?> args, out object? result)
    {
        if (name == "String")
        {
            result = ToString();
            return true;
        }
        if (platform.Type.TryFindField(name, out _))
        {
            result = platform[name];
            return true;
        }
        result = null;
        return false;
    }

    public int ArgumentCount(string name) => -1;

    public void WriteJson(StringBuilder sb, bool escapeHtml) => GoJson.Write(sb, platform, platform.Type, escapeHtml);

    public override string ToString()
    {
        string s = platform.Str("OS");
        if (platform.Str("OSVersion").Length > 0) s += "(" + platform.Str("OSVersion") + ")";
        s += "/" + platform.Str("Architecture");
        if (platform.Str("Variant").Length > 0) s += "/" + platform.Str("Variant");
        return s;
    }
}
