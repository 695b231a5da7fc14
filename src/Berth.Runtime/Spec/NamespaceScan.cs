using System.Text.Json;
using Berth.Linux.Namespaces;

namespace Berth.Runtime.Spec;

/// <summary>
/// A quick look at config.json for what spawning the init needs (the new namespaces), so the init can start
/// while the full spec is deserialized and validated. Only the plain case qualifies: new namespaces of known
/// types and no terminal; anything else (paths, user or time namespaces, odd JSON) returns null and the runtime
/// validates first, as before.
/// </summary>
internal static class NamespaceScan
{
    public sealed record Result(int UnshareFlags, bool NewCgroupNamespace);

    public static Result? TryScan(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            int flags = 0;
            bool cgroup = false, sawNamespaces = false, sawMount = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("linux"u8))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (!reader.ValueTextEquals("namespaces"u8))
                        {
                            reader.Read();
                            reader.Skip();
                            continue;
                        }
                        if (sawNamespaces || !reader.Read() || reader.TokenType != JsonTokenType.StartArray) return null;
                        sawNamespaces = true;
                        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                        {
                            string? type = null;
                            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                            {
                                if (reader.ValueTextEquals("type"u8))
                                {
                                    reader.Read();
                                    type = reader.GetString();
                                }
                                else if (reader.ValueTextEquals("path"u8))
                                {
                                    reader.Read();
                                    if (reader.TokenType != JsonTokenType.Null && reader.GetString() is { Length: > 0 }) return null;
                                }
                                else
                                {
                                    reader.Read();
                                    reader.Skip();
                                }
                            }
                            if (type is null || !NamespaceTypes.TryParseOci(type, out var t) || t is NamespaceType.User or NamespaceType.Time) return null;
                            int flag = t.CloneFlag();
                            if ((flags & flag) != 0 || (t == NamespaceType.Cgroup && cgroup)) return null;
                            if (t == NamespaceType.Cgroup) cgroup = true;
                            else flags |= flag;
                            if (t == NamespaceType.Mount) sawMount = true;
                        }
                    }
                }
                else if (reader.ValueTextEquals("process"u8))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        bool terminal = reader.ValueTextEquals("terminal"u8);
                        reader.Read();
                        if (terminal && reader.TokenType == JsonTokenType.True) return null;
                        reader.Skip();
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            return sawMount ? new Result(flags, cgroup) : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
