using Berth.Engine.Model;

namespace Berth.Engine.Networks.Api;

/// <summary>The body of POST /networks/{id}/connect.</summary>
public sealed class NetworkConnectRequest
{
    public string? Container { get; set; }
    public EndpointSettings? EndpointConfig { get; set; }
}
