using System.Text.Json.Serialization;
using Berth.Engine.Model;

namespace Berth.Engine.Networks.Api;

/// <summary>Source-generated JSON for the network endpoints; requests are read case-insensitively, as Go does.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(NetworkInspect))]
[JsonSerializable(typeof(List<NetworkInspect>))]
[JsonSerializable(typeof(NetworkCreateRequest))]
[JsonSerializable(typeof(NetworkConnectRequest))]
[JsonSerializable(typeof(NetworkDisconnectRequest))]
[JsonSerializable(typeof(NetworkPruneReport))]
[JsonSerializable(typeof(NetworkCreateResponse))]
public sealed partial class NetworkJsonContext : JsonSerializerContext;
