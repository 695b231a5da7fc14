using Berth.Cli.Values;

namespace Berth.Cli.Templates;

/// <summary>text/template's eq and lt on basic kinds, with its errors for incompatible or invalid types.</summary>
internal static class Compare
{
    // Go's basicKind: anything that is not bool, a number or a string (pointers, structs, nil...) is "invalid"
    private enum Kind { Invalid, Bool, Int, Uint, Float, String }

    private static Kind KindOf(object? v) => v switch
    {
        bool => Kind.Bool,
        long or int => Kind.Int,
        ulong or byte => Kind.Uint,
        double => Kind.Float,
        string or GoNumber => Kind.String,
        _ => Kind.Invalid,
    };

    private static long I(object? v) => v switch { long l => l, int i => i, _ => 0 };
    private static ulong U(object? v) => v switch { ulong u => u, byte b => b, _ => 0 };
    private static string S(object? v) => v switch { string s => s, GoNumber n => n.Literal, _ => "" };

    public static bool Eq(object? arg1, object?[] others)
    {
        if (others.Length == 0) throw new TemplateFunctionException("missing argument for comparison");
        var k1 = KindOf(arg1);
        foreach (var arg in others)
        {
            var k2 = KindOf(arg);
            bool truth;
            if (k1 != k2)
            {
                if (k1 == Kind.Int && k2 == Kind.Uint) truth = I(arg1) >= 0 && (ulong)I(arg1) == U(arg);
                else if (k1 == Kind.Uint && k2 == Kind.Int) truth = I(arg) >= 0 && U(arg1) == (ulong)I(arg);
                else if (arg1 is not null && arg is not null) throw new TemplateFunctionException("incompatible types for comparison");
                else truth = false;
            }
            else
            {
                truth = k1 switch
                {
                    Kind.Bool => (bool)arg1! == (bool)arg!,
                    Kind.Float => (double)arg1! == (double)arg!,
                    Kind.Int => I(arg1) == I(arg),
                    Kind.Uint => U(arg1) == U(arg),
                    Kind.String => S(arg1) == S(arg),
                    _ => OtherEqual(arg1, arg),
                };
            }
            if (truth) return true;
        }
        return false;
    }

    private static bool OtherEqual(object? a, object? b)
    {
        bool aNil = a is null or GoNil or GoSlice { Items: null } or GoMap { Entries: null };
        bool bNil = b is null or GoNil or GoSlice { Items: null } or GoMap { Entries: null };
        if (aNil || bNil) return aNil == bNil;
        if (a is GoSlice or GoMap)
            throw new TemplateFunctionException($"non-comparable type {GoPrinter.Format(a)}: {GoPrinter.TypeName(a)}");
        return Equals(a, b) || ReferenceEquals(a, b);
    }

    public static bool Lt(object? arg1, object? arg2)
    {
        var k1 = KindOf(arg1);
        if (k1 is Kind.Invalid) throw new TemplateFunctionException("invalid type for comparison");
        var k2 = KindOf(arg2);
        if (k2 is Kind.Invalid) throw new TemplateFunctionException("invalid type for comparison");
        if (k1 != k2)
        {
            if (k1 == Kind.Int && k2 == Kind.Uint) return I(arg1) < 0 || (ulong)I(arg1) < U(arg2);
            if (k1 == Kind.Uint && k2 == Kind.Int) return I(arg2) >= 0 && U(arg1) < (ulong)I(arg2);
            throw new TemplateFunctionException("incompatible types for comparison");
        }
        return k1 switch
        {
            Kind.Bool => throw new TemplateFunctionException("invalid type for comparison"),
            Kind.Float => (double)arg1! < (double)arg2!,
            Kind.Int => I(arg1) < I(arg2),
            Kind.Uint => U(arg1) < U(arg2),
            Kind.String => string.CompareOrdinal(S(arg1), S(arg2)) < 0,
            _ => false,
        };
    }
}
