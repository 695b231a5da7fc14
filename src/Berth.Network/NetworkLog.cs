using Microsoft.Extensions.Logging;

namespace Berth.Network;

internal static partial class NetworkLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "network {Name} ({Id}) created: driver {Driver}, bridge {Bridge}, subnets {Subnets}")]
    public static partial void NetworkCreated(ILogger logger, string name, string id, string driver, string? bridge, string subnets);

    [LoggerMessage(Level = LogLevel.Warning, Message = "deleting {Links} after teardown failed: {Error}")]
    public static partial void LinkCleanupFailed(ILogger logger, string links, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "network {Name} ({Id}) removed")]
    public static partial void NetworkRemoved(ILogger logger, string name, string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "enabled {Sysctl} (was {Previous}): bridged containers need the host to forward")]
    public static partial void ForwardingEnabled(ILogger logger, string sysctl, string previous);

    [LoggerMessage(Level = LogLevel.Information, Message = "container {ContainerId} connected to {Network}: {Interface} {Address}")]
    public static partial void Connected(ILogger logger, string containerId, string network, string @interface, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "container {ContainerId} disconnected from {Network}")]
    public static partial void Disconnected(ILogger logger, string containerId, string network);

    [LoggerMessage(Level = LogLevel.Information, Message = "reconcile: {What}")]
    public static partial void Reconciled(ILogger logger, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "reconcile: {What}")]
    public static partial void ReconcileProblem(ILogger logger, string what);

    [LoggerMessage(Level = LogLevel.Information, Message = "firewall: {What}")]
    public static partial void Firewall(ILogger logger, string what);
}
