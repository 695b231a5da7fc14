namespace Berth.Runtime.Seccomp;

internal enum SeccompCompare { NotEqual, Less, LessOrEqual, Equal, GreaterOrEqual, Greater, MaskedEqual }

/// <summary>One argument comparison: args[Index] op Value (MaskedEqual: (args[Index] &amp; Value) == ValueTwo), unsigned 64-bit.</summary>
internal readonly record struct SeccompCondition(int Index, SeccompCompare Op, ulong Value, ulong ValueTwo);

/// <summary>Return <see cref="Action"/> when every condition holds (none: always).</summary>
internal sealed record SeccompRule(uint Action, SeccompCondition[] Conditions)
{
    public bool IsUnconditional => Conditions.Length == 0;
}
