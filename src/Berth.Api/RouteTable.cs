using Berth.Api.Hijack;
using Berth.Api.Routes;
using Berth.Api.Routing;
using Berth.Engine;

namespace Berth.Api;

/// <summary>Every route of the API, one router class per resource (moby's router/&lt;resource&gt;).</summary>
internal static class RouteTable
{
    public static void Register(BerthEngine engine, Router<Func<ApiContext, Task>> routes, Router<Func<HijackContext, Task>> hijack)
    {
        new SystemRoutes(engine).Register(routes);
        new ContainerRoutes(engine).Register(routes, hijack);
        new ExecRoutes(engine).Register(routes, hijack);
        new ImageRoutes(engine).Register(routes);
        new VolumeRoutes(engine).Register(routes);
        new ArchiveRoutes(engine).Register(routes);
        new ContainerDataRoutes(engine).Register(routes);
        new SystemDataRoutes(engine).Register(routes);
        new NetworkRoutes(engine).Register(routes);
        new BuildRoutes(engine).Register(routes);
    }
}
