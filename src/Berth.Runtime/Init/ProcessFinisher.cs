using Berth.Linux;
using Berth.Linux.Capabilities;
using Berth.Linux.Credentials;
using Berth.Oci.Runtime;
using Berth.Runtime.Seccomp;

namespace Berth.Runtime.Init;

/// <summary>
/// The last steps before the user's program, all on the init's main thread (capabilities, credentials,
/// no_new_privs and seccomp are per thread, and the thread that calls execve passes them on): user and groups,
/// capability sets, no_new_privs, seccomp, then execve.
/// </summary>
internal sealed class ProcessFinisher
{
    private readonly RuntimeProcess _process;
    private readonly LinuxSeccomp? _seccomp;
    private readonly List<string> _env;
    private readonly uint _uid, _gid;
    private readonly List<uint> _groups;
    private string? _executable;

    private ProcessFinisher(RuntimeProcess process, LinuxSeccomp? seccomp, List<string> env, uint uid, uint gid, List<uint> groups)
    {
        _process = process;
        _seccomp = seccomp;
        _env = env;
        _uid = uid;
        _gid = gid;
        _groups = groups;
    }

    /// <summary>Resolves the user (by name when given) and the environment, in the container's file system.</summary>
    public static ProcessFinisher Prepare(RuntimeProcess process, LinuxSeccomp? seccomp)
    {
        var user = process.User;
        uint uid = user.Uid, gid = user.Gid;
        var groups = user.AdditionalGids is null ? new List<uint>() : new List<uint>(user.AdditionalGids);
        PasswdLookup.PasswdEntry? entry = null;
        if (!string.IsNullOrEmpty(user.Username))
        {
            string name = user.Username;
            string? group = null;
            int colon = name.IndexOf(':');
            if (colon >= 0)
            {
                group = name[(colon + 1)..];
                name = name[..colon];
            }
            if (uint.TryParse(name, out uint numeric))
            {
                uid = numeric;
                entry = PasswdLookup.FindUser(e => e.Uid == numeric);
                gid = entry?.Gid ?? gid;
            }
            else
            {
                entry = PasswdLookup.FindUser(e => e.Name == name)
                    ?? throw RuntimeException.Invalid($"process.user.username: no such user in the container: {name}");
                uid = entry.Value.Uid;
                gid = entry.Value.Gid;
                groups.AddRange(PasswdLookup.GroupsOf(name));
            }
            if (group is not null)
                gid = uint.TryParse(group, out uint g) ? g
                    : PasswdLookup.FindGroup(group) ?? throw RuntimeException.Invalid($"process.user.username: no such group in the container: {group}");
        }
        var env = process.Env is null ? new List<string>() : new List<string>(process.Env);
        if (!env.Exists(e => e.StartsWith("HOME=", StringComparison.Ordinal)))
        {
            entry ??= PasswdLookup.FindUser(e => e.Uid == uid);
            env.Add("HOME=" + (string.IsNullOrEmpty(entry?.Home) ? "/" : entry.Value.Home));
        }
        return new ProcessFinisher(process, seccomp, env, uid, gid, groups);
    }

    /// <summary>Finds the program (as the container user will run it, so after <see cref="ApplyIdentity"/> where possible).</summary>
    public void ResolveExecutable()
    {
        var args = _process.Args;
        if (args is null || args.Count == 0) throw RuntimeException.Invalid("process.args: must not be empty");
        _executable = ExecutableLookup.Find(args[0], _env);
    }

    /// <summary>Bounding set, seccomp (when it must precede the capability drop), user and groups, capabilities, no_new_privs.</summary>
    public void ApplyIdentity()
    {
        var caps = _process.Capabilities;
        ulong available = CapabilitySets.Get().Permitted;
        ulong bounding = Capability.Mask(caps?.Bounding) & available;
        ulong effective = Capability.Mask(caps?.Effective) & available;
        ulong permitted = Capability.Mask(caps?.Permitted) & available;
        ulong inheritable = Capability.Mask(caps?.Inheritable) & available;
        // The kernel raises an ambient capability only when it is permitted and inheritable; runc skips the others.
        ulong ambient = Capability.Mask(caps?.Ambient) & available & inheritable & permitted;

        CapabilitySets.LimitBounding(bounding);
        if (!_process.NoNewPrivileges && _seccomp is not null) SeccompSetup.Apply(_seccomp);

        bool changeUser = _uid != 0;
        if (changeUser) ProcessControl.SetKeepCapabilities(true);
        ThreadCredentials.SetGroups(_groups);
        ThreadCredentials.SetGid(_gid);
        ThreadCredentials.SetUid(_uid);
        if (changeUser) ProcessControl.SetKeepCapabilities(false);

        CapabilitySets.Set(new CapabilitySets.Sets(effective, permitted, inheritable));
        if (ambient != 0) CapabilitySets.SetAmbient(ambient);
        if (_process.NoNewPrivileges) ProcessControl.SetNoNewPrivileges();
        ProcessControl.SetUmask(_process.User.Umask ?? 0x12);
    }

    public uint Uid => _uid;
    public uint Gid => _gid;

    /// <summary>Loads a late seccomp filter and calls execve; returns only by throwing.</summary>
    public void Exec(int firstRuntimeFd)
    {
        if (_executable is null) ResolveExecutable();
        if (_process.NoNewPrivileges && _seccomp is not null) SeccompSetup.Apply(_seccomp);
        int errno = ProcessControl.Exec(_executable!, _process.Args!, _env, firstRuntimeFd);
        throw new SyscallException(errno, "execve", _executable);
    }
}
