using Berth.Build.Parsing;

namespace Berth.Build.Instructions;

/// <summary>A Dockerfile as stages: the ARGs before the first FROM (global scope) and each stage's instructions.</summary>
public sealed class BuildPlan
{
    public required DockerfileDocument Document { get; init; }
    public required IReadOnlyList<ArgInstruction> MetaArgs { get; init; }
    public required IReadOnlyList<Stage> Stages { get; init; }

    /// <summary>The stage named (case-insensitive) or numbered <paramref name="nameOrIndex"/>, or null.</summary>
    public Stage? Find(string nameOrIndex)
    {
        foreach (var s in Stages)
            if (s.Name is not null && string.Equals(s.Name, nameOrIndex, StringComparison.OrdinalIgnoreCase)) return s;
        if (int.TryParse(nameOrIndex, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int i)
            && i >= 0 && i < Stages.Count) return Stages[i];
        return null;
    }
}
