namespace Berth.Build.Shell;

/// <summary>The variables a word is expanded with (ENV of the stage, then the build arguments in scope).</summary>
public interface IVariables
{
    bool TryGet(string name, out string value);
}
