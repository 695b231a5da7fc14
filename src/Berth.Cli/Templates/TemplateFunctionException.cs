namespace Berth.Cli.Templates;

/// <summary>An error returned by a template function; reported as "error calling NAME: MESSAGE".</summary>
public sealed class TemplateFunctionException(string message) : Exception(message);
