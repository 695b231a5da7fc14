using Berth.Cli.Values;

namespace Berth.Cli.Tests;

/// <summary>Values the template tests run against: untyped JSON maps and typed API structs.</summary>
internal static class TestData
{
    public static object? Untyped(string json) => GoJson.DecodeUntyped(json, useNumber: false);

    public static readonly string ContainerJson = """
    {"Id":"4a347e5684d0fa4b8d6bc9203de0e3ee8ef43b0043b549ac52261c301e0cd6e2","Created":"2026-11-29T17:22:16.902882509Z",
     "Path":"sleep","Args":["1000"],
     "State":{"Status":"running","Running":true,"Paused":false,"Restarting":false,"OOMKilled":false,"Dead":false,"Pid":13950,
              "ExitCode":0,"Error":"","StartedAt":"2026-11-29T17:22:16.902882509Z","FinishedAt":"0001-01-01T00:00:00Z"},
     "Image":"sha256:89103c9051fce613896ff74b1156ed5f755100b11ada36bb64f6d09668d3caf3","Name":"/t2","RestartCount":0,
     "HostConfig":{"Binds":null,"NetworkMode":"default","PortBindings":{},"RestartPolicy":{"Name":"no","MaximumRetryCount":0},
                   "Memory":536870912,"NanoCpus":1500000000,"CapAdd":null,"Dns":[]},
     "Mounts":[{"Type":"volume","Name":"v1","Source":"/var/lib/v1","Destination":"/data","Driver":"local","Mode":"","RW":true,"Propagation":""}],
     "Config":{"Hostname":"4a347e5684d0","Env":["A=1","PATH=/bin"],"Cmd":["sleep","1000"],"Image":"busybox","Entrypoint":null,
               "Labels":{"x":"y","com.example.vendor":"acme"},"Volumes":null},
     "NetworkSettings":{"Ports":{},"IPAddress":"","Networks":{"bridge":{"IPAddress":"172.17.0.2","Gateway":"172.17.0.1"}}}}
    """;

    public static GoStruct Container() => GoJson.DecodeStruct(ContainerJson, "container.InspectResponse");
}
