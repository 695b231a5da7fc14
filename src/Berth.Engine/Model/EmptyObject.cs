namespace Berth.Engine.Model;

/// <summary>Docker's <c>{}</c> placeholder values (ExposedPorts, Volumes).</summary>
public sealed class EmptyObject
{
    public static readonly EmptyObject Instance = new();
}
