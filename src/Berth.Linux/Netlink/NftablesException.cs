namespace Berth.Linux.Netlink;

/// <summary>nftables refused a rule set; the message is nft's own diagnostic.</summary>
public sealed class NftablesException(string message) : Exception(message);
