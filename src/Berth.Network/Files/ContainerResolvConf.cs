namespace Berth.Network.Files;

/// <summary>The file's text, and the servers the embedded DNS forwards to (empty without it).</summary>
public sealed record ContainerResolvConf(string Content, IReadOnlyList<string> Upstreams);
