using Berth.Linux;

namespace Berth.Api;

/// <summary>The API socket is mode 0660 and owned by group "berth" when that group exists (as docker's is).</summary>
internal static class SocketPermissions
{
    public static void Apply(string path, string group)
    {
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
        int? gid = Users.LookupGroupId(group);
        if (gid is not null) Users.Chown(path, 0, gid.Value);
    }
}
