namespace Berth.Cli.Templates;

/// <summary>The Go type of a function parameter, which decides how template arguments are checked and converted.</summary>
public enum ParamType
{
    /// <summary>interface{} (and reflect.Value for builtins): anything.</summary>
    Any,
    String,
    Int,
    StringSlice,
}

/// <summary>A template function with Go parameter types (variadic on the last one) and a C# body.</summary>
public sealed class TemplateFunction(string name, ParamType[] parameters, bool variadic, Func<object?[], object?> body)
{
    public string Name { get; } = name;
    public ParamType[] Parameters { get; } = parameters;
    public bool Variadic { get; } = variadic;
    public Func<object?[], object?> Body { get; } = body;
}
