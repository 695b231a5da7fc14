using System.Text;

namespace Berth.Network.Files;

/// <summary>The contents of a container's /etc/hosts, /etc/resolv.conf and /etc/hostname.</summary>
public sealed record ContainerFiles(string Hosts, string ResolvConf, string Hostname)
{
    public const string HostsName = "hosts", ResolvConfName = "resolv.conf", HostnameName = "hostname";

    /// <summary>
    /// Writes the three files into <paramref name="dir"/>. A new file is written temp-rename; an existing one is
    /// rewritten in place, because a running container bind-mounts it and would keep seeing the old inode after a
    /// rename; unchanged content is not rewritten. No fsync: the files are derived from the records and rewritten at
    /// every start and reconciliation, so a crash can only lose what is written again anyway, and a start does not
    /// wait for the disk (three fsyncs cost 60-150 ms on the development machines).
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
        FileStream fs;
        try
        {
            fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        }
        catch (FileNotFoundException)
        {
            string tmp = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "." + Environment.ProcessId + ".tmp");
            using (var created = new FileStream(tmp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = mode }))
                created.Write(bytes);
            File.Move(tmp, path, overwrite: true);
            return;
        }
        using (fs)
        {
            if (fs.Length == bytes.Length)
            {
                var current = new byte[bytes.Length];
                fs.ReadExactly(current);
                if (current.AsSpan().SequenceEqual(bytes)) return;
                fs.Position = 0;
            }
            fs.SetLength(0);
            fs.Write(bytes);
        }
    }
}
