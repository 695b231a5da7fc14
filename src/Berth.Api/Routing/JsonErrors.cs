using System.Text.Json;

namespace Berth.Api.Routing;

/// <summary>Turns a System.Text.Json failure into a message that names the field and the problem.</summary>
public static class JsonErrors
{
    public static string Describe(JsonException e)
    {
        string where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path.TrimStart('$', '.')}";
        string reason = e.Message;
        int cut = reason.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) reason = reason[..cut];
        if (reason.StartsWith("The JSON value could not be converted to", StringComparison.Ordinal))
        {
            var type = reason["The JSON value could not be converted to ".Length..].TrimEnd('.');
            reason = "wrong type, expected " + FriendlyType(type);
        }
        return $"invalid JSON{where}: {reason.TrimEnd('.')}";
    }

    private static string FriendlyType(string clr) => clr switch
    {
        var t when t.Contains("Int64") || t.Contains("Int32") => "an integer",
        var t when t.Contains("Boolean") => "a boolean",
        var t when t.Contains("String") && t.Contains("List") => "an array of strings",
        var t when t.Contains("String") => "a string",
        var t when t.Contains("Dictionary") => "an object",
        var t when t.Contains("List") => "an array",
        var t => t.Split('.')[^1],
    };
}
