namespace Berth.Runtime;

/// <summary>Container ids as runc accepts them: <c>^[\w+-\.]+$</c>, and not "." or "..".</summary>
public static class ContainerId
{
    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id == "." || id == "..") return false;
        foreach (char c in id)
        {
            bool ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '+' or '-' or '.';
            if (!ok) return false;
        }
        return true;
    }

    public static void Validate(string? id)
    {
        if (string.IsNullOrEmpty(id)) throw RuntimeException.Invalid("container id cannot be empty");
        if (!IsValid(id)) throw RuntimeException.Invalid($"invalid container id: {id}");
    }
}
