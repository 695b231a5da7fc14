namespace Berth.Cli.Templates;

/// <summary>A template that failed to parse or execute; the message is Go's ("template: :1:8: executing ...").</summary>
public sealed class TemplateException(string message) : Exception(message);
