namespace Berth.Engine.Networks.Api;

/// <summary>ConfigFrom of a network (config-only networks are not supported: always empty).</summary>
public sealed class NetworkConfigReference
{
    public string Network { get; set; } = "";
}
