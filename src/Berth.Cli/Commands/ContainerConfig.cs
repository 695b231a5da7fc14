using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>The three parts of a create request, built from run/create flags as docker's parse() builds them.</summary>
public sealed record ContainerConfig(GoStruct Config, GoStruct HostConfig, GoStruct NetworkingConfig);
