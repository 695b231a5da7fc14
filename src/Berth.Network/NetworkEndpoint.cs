using Berth.Network.State;

namespace Berth.Network;

/// <summary>An endpoint as a network lists it (Network.Containers in the Engine API).</summary>
public sealed record NetworkEndpoint(string ContainerId, string ContainerName, EndpointRecord Endpoint);
