namespace Berth.Cli.Config;

/// <summary>Registry credentials as config.json and credential helpers hold them.</summary>
public sealed record AuthEntry(string ServerAddress, string Username, string Password, string IdentityToken)
{
    public bool IsEmpty => Username.Length == 0 && Password.Length == 0 && IdentityToken.Length == 0;
}
