using Berth.Api.Routing;
using Berth.Engine;
using Berth.Engine.Errors;
using Berth.Engine.Filtering;
using Berth.Engine.Networks;
using Berth.Engine.Networks.Api;

namespace Berth.Api.Routes;

/// <summary>/networks…: ls, inspect, create, rm, connect, disconnect, prune.</summary>
internal sealed class NetworkRoutes(BerthEngine engine)
{
    private NetworkService Networks => engine.Networks;

    public void Register(Router<Func<ApiContext, Task>> r)
    {
        r.Map("GET", "/networks", ListAsync);
        r.Map("POST", "/networks/create", CreateAsync);
        r.Map("POST", "/networks/prune", PruneAsync);
        r.Map("GET", "/networks/{id}", InspectAsync);
        r.Map("DELETE", "/networks/{id}", RemoveAsync);
        r.Map("POST", "/networks/{id}/connect", ConnectAsync);
        r.Map("POST", "/networks/{id}/disconnect", DisconnectAsync);
    }

    private Task ListAsync(ApiContext c) =>
        c.WriteJsonAsync(Networks.List(Filters.Parse(c.Query("filters"))), NetworkJsonContext.Default.ListNetworkInspect);

    private Task InspectAsync(ApiContext c)
    {
        string? verbose = c.Query("verbose");
        if (!string.IsNullOrEmpty(verbose) && !bool.TryParse(verbose, out _) && verbose is not ("0" or "1"))
            throw EngineException.Invalid($"invalid value for verbose: {verbose}");
        string? scope = c.Query("scope");
        var network = Networks.Inspect(c["id"]);
        if (!string.IsNullOrEmpty(scope) && scope != network.Scope) throw EngineException.NotFound($"network {c["id"]} not found");
        return c.WriteJsonAsync(network, NetworkJsonContext.Default.NetworkInspect);
    }

    private async Task CreateAsync(ApiContext c)
    {
        var request = await c.ReadJsonAsync(NetworkJsonContext.Default.NetworkCreateRequest)
            ?? throw EngineException.Invalid("invalid JSON: the request body is empty");
        var created = Networks.Create(request);
        await c.WriteJsonAsync(created, NetworkJsonContext.Default.NetworkCreateResponse, 201);
    }

    private Task RemoveAsync(ApiContext c)
    {
        Networks.Remove(c["id"]);
        c.NoContent();
        return Task.CompletedTask;
    }

    private async Task ConnectAsync(ApiContext c)
    {
        var request = await c.ReadJsonAsync(NetworkJsonContext.Default.NetworkConnectRequest) ?? new NetworkConnectRequest();
        await engine.Containers.ConnectNetworkAsync(request.Container ?? "", c["id"], request.EndpointConfig, c.Aborted);
        c.Response.StatusCode = 200;
    }

    private async Task DisconnectAsync(ApiContext c)
    {
        var request = await c.ReadJsonAsync(NetworkJsonContext.Default.NetworkDisconnectRequest) ?? new NetworkDisconnectRequest();
        await engine.Containers.DisconnectNetworkAsync(request.Container ?? "", c["id"], request.Force, c.Aborted);
        c.Response.StatusCode = 200;
    }

    private Task PruneAsync(ApiContext c) =>
        c.WriteJsonAsync(Networks.Prune(Filters.Parse(c.Query("filters"))), NetworkJsonContext.Default.NetworkPruneReport);
}
