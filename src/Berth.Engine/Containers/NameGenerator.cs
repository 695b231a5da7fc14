namespace Berth.Engine.Containers;

/// <summary>Random "adjective_surname" container names in Docker's style, from Berth's own word lists.</summary>
public static class NameGenerator
{
    private static readonly string[] Adjectives =
    [
        "admiring", "agile", "amazing", "bold", "brave", "bright", "calm", "clever", "cool", "crisp", "curious",
        "dazzling", "eager", "elated", "epic", "fervent", "festive", "fond", "friendly", "gallant", "gentle", "happy",
        "hopeful", "jolly", "keen", "kind", "lucid", "merry", "modest", "nimble", "noble", "patient", "peaceful",
        "pensive", "quiet", "quirky", "relaxed", "serene", "sharp", "silly", "steady", "stoic", "sturdy", "swift",
        "tender", "trusting", "upbeat", "vibrant", "vigilant", "warm", "wise", "witty", "youthful", "zealous",
    ];

    // Sailors, navigators and harbour builders: Berth is about ships in port.
    private static readonly string[] Surnames =
    [
        "amundsen", "baffin", "bering", "bougainville", "cabot", "cartier", "champlain", "cheng", "cook", "dampier",
        "drake", "earhart", "eriksson", "flinders", "frobisher", "gama", "hudson", "ibnbattuta", "janszoon", "kupe",
        "laperouse", "magellan", "mawson", "nansen", "oliveira", "parry", "pytheas", "quiros", "raleigh", "ross",
        "scott", "shackleton", "tasman", "vancouver", "verrazzano", "vespucci", "zheng", "bly", "read", "bonny",
        "grace", "hopper", "lovelace", "noether", "ride", "tereshkova", "turing", "wu", "yalow", "zhukova",
    ];

    public static string Generate(int retry = 0)
    {
        string name = Adjectives[Random.Shared.Next(Adjectives.Length)] + "_" + Surnames[Random.Shared.Next(Surnames.Length)];
        return retry > 0 ? name + Random.Shared.Next(10) : name;
    }

    /// <summary>Docker's rule for user-given names: [a-zA-Z0-9][a-zA-Z0-9_.-]+ (a leading "/" is allowed and dropped).</summary>
    public static bool IsValid(string name)
    {
        if (name.Length < 2) return false;
        if (!char.IsAsciiLetterOrDigit(name[0])) return false;
        foreach (char ch in name.AsSpan(1))
            if (!(char.IsAsciiLetterOrDigit(ch) || ch is '_' or '.' or '-')) return false;
        return true;
    }
}
