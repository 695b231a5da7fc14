namespace Berth.Build.Instructions;

/// <summary>A here-document used as a COPY/ADD source: a file named <see cref="Name"/> with <see cref="Data"/>.</summary>
public sealed record InlineSource(string Name, string Data, bool Expand);
