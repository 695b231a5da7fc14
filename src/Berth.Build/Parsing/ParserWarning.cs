namespace Berth.Build.Parsing;

/// <summary>A build check that did not pass (BuildKit's rule names), or a parser remark.</summary>
public sealed record ParserWarning(string Rule, string Message, SourceLocation Location)
{
    public override string ToString() => $"{Rule}: {Message} (line {Location.Line})";
}
