using Berth.Cli.Client;

namespace Berth.Cli.Commands;

/// <summary>API paths for named objects, with docker's checks for empty names.</summary>
public static class ObjectPaths
{
    /// <summary>docker's trimID: refuses empty references before calling the daemon.</summary>
    public static string Id(string kind, string id)
    {
        id = id.Trim();
        if (id.Length == 0) throw new CliException($"invalid {kind} name or ID: value is empty");
        return id;
    }

    public static string Container(string id) => "/containers/" + QueryString.PathEscape(Id("container", id));

    public static string Image(string name)
    {
        if (name.Length == 0) throw new ApiException(404, "Error response from daemon: No such image: ");
        return "/images/" + string.Join("/", name.Split('/').Select(QueryString.PathEscape));
    }

    public static string Network(string id) => "/networks/" + QueryString.PathEscape(Id("network", id));

    public static string Volume(string name) => "/volumes/" + QueryString.PathEscape(Id("volume", name));
}
