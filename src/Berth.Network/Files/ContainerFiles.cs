using System.Text;
using Berth.Linux;

namespace Berth.Network.Files;

/// <summary>The contents of a container's /etc/hosts, /etc/resolv.conf and /etc/hostname.</summary>
public sealed record ContainerFiles(string Hosts, string ResolvConf, string Hostname)
{
    public const string HostsName = "hosts", ResolvConfName = "resolv.conf", HostnameName = "hostname";

    /// <summary>
    /// Writes the three files into <paramref name="dir"/>. A new file is written temp-fsync-rename; an existing one
    /// is rewritten in place, because a running container bind-mounts it and would keep seeing the old inode after a
    /// rename.
    /// </summary>
    public void WriteTo(string dir)
    {
        Directory.CreateDirectory(dir);
        Write(Path.Combine(dir, HostsName), Hosts);
        Write(Path.Combine(dir, ResolvConfName), ResolvConf);
        Write(Path.Combine(dir, HostnameName), Hostname);
    }

    private static void Write(string path, string content)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(content);
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        if (!File.Exists(path))
        {
            AtomicFile.Write(path, bytes, mode);
            return;
        }
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        fs.SetLength(0);
        fs.Write(bytes);
        fs.Flush(flushToDisk: true);
    }
}
