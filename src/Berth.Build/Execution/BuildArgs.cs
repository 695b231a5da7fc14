namespace Berth.Build.Execution;

/// <summary>
/// Build arguments as the reference scopes them: --build-arg values, ARGs before FROM (global, for FROM lines and
/// as defaults for a stage's ARG without value), a stage's own ARGs (in scope from their line on). The proxy
/// variables and SOURCE_DATE_EPOCH are predefined: usable without an ARG, left out of history and cache keys
/// unless declared.
/// </summary>
public sealed class BuildArgs
{
    /// <summary>Usable without an ARG instruction (reference "Predefined ARGs"; SOURCE_DATE_EPOCH is BuildKit's).</summary>
    public static readonly IReadOnlySet<string> Builtin = new HashSet<string>(StringComparer.Ordinal)
    {
        "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
    };

    /// <summary>Names the builder itself understands; never reported as unused.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal) { "SOURCE_DATE_EPOCH", "BUILDKIT_INLINE_CACHE" };

    private readonly IReadOnlyDictionary<string, string?> _fromOptions;
    private readonly Dictionary<string, string?> _allowed;
    private readonly Dictionary<string, string?> _meta;
    private readonly HashSet<string> _referenced;
    private readonly List<string> _allowedOrder;

    public BuildArgs(IReadOnlyDictionary<string, string?> fromOptions)
        : this(fromOptions, new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal), new()) { }

    private BuildArgs(IReadOnlyDictionary<string, string?> fromOptions, Dictionary<string, string?> allowed, Dictionary<string, string?> meta,
        HashSet<string> referenced, List<string> allowedOrder)
    {
        _fromOptions = fromOptions;
        _allowed = allowed;
        _meta = meta;
        _referenced = referenced;
        _allowedOrder = allowedOrder;
    }

    /// <summary>A copy for a new stage: global args kept, stage args cleared.</summary>
    public BuildArgs ForStage() => new(_fromOptions, new(StringComparer.Ordinal), new(_meta, StringComparer.Ordinal), new(_referenced, StringComparer.Ordinal), new());

    /// <summary>A copy for a stage based on another stage: that stage's args stay in scope (reference "Scope").</summary>
    public BuildArgs Inherit() => new(_fromOptions, new(_allowed, StringComparer.Ordinal), new(_meta, StringComparer.Ordinal), new(_referenced, StringComparer.Ordinal), new(_allowedOrder));

    public void AddArg(string key, string? value)
    {
        if (!_allowed.ContainsKey(key)) _allowedOrder.Add(key);
        _allowed[key] = value;
        _referenced.Add(key);
    }

    public void AddMetaArg(string key, string? value) => _meta[key] = value;

    /// <summary>Adds a global default that is not reported as unused (platform args).</summary>
    public void AddImplicitMetaArg(string key, string value) => _meta.TryAdd(key, value);

    public IEnumerable<string> Referenced => _referenced;

    /// <summary>Docker's getBuildArg: a --build-arg value wins, then the ARG default, then the global ARG's value.</summary>
    private bool TryGet(string key, Dictionary<string, string?> scope, out string value)
    {
        if (_fromOptions.TryGetValue(key, out var o) && o is not null)
        {
            value = o;
            return true;
        }
        scope.TryGetValue(key, out var def);
        if (def is null)
        {
            if (_meta.TryGetValue(key, out var m) && m is not null)
            {
                value = m;
                return true;
            }
            value = "";
            return false;
        }
        value = def;
        return true;
    }

    /// <summary>The stage's args with a value (declared ones, and predefined ones given with --build-arg), in declaration order.</summary>
    public List<KeyValuePair<string, string>> AllAllowed()
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var key in _allowedOrder)
            if (TryGet(key, _allowed, out var v)) list.Add(new(key, v));
        foreach (var key in Builtin.Order(StringComparer.Ordinal))
            if (!_allowed.ContainsKey(key) && TryGet(key, _allowed, out var v)) list.Add(new(key, v));
        return list;
    }

    /// <summary>The global args with a value (for FROM lines), as KEY=value.</summary>
    public List<string> AllMeta()
    {
        var list = new List<string>();
        foreach (var key in _meta.Keys.Order(StringComparer.Ordinal))
            if (TryGet(key, _meta, out var v)) list.Add(key + "=" + v);
        foreach (var key in Builtin.Order(StringComparer.Ordinal))
            if (!_meta.ContainsKey(key) && TryGet(key, _meta, out var v)) list.Add(key + "=" + v);
        return list;
    }

    /// <summary>The args not overridden by the ENV entries in <paramref name="env"/>, as KEY=value.</summary>
    public List<string> FilterAllowed(IReadOnlyList<string>? env)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in env ?? [])
        {
            int eq = e.IndexOf('=');
            keys.Add(eq < 0 ? e : e[..eq]);
        }
        return AllAllowed().Where(kv => !keys.Contains(kv.Key)).Select(kv => kv.Key + "=" + kv.Value).ToList();
    }

    /// <summary>Declared in the stage, or not a predefined one (those stay out of history and cache keys).</summary>
    public bool IsReferencedOrNotBuiltin(string key) => _allowed.ContainsKey(key) || !Builtin.Contains(key);

    public void MergeReferenced(BuildArgs other)
    {
        foreach (var k in other._referenced) _referenced.Add(k);
    }

    /// <summary>--build-arg names no ARG consumed.</summary>
    public List<string> Unused() =>
        _fromOptions.Keys.Where(k => !_referenced.Contains(k) && !Builtin.Contains(k) && !Reserved.Contains(k)).Order(StringComparer.Ordinal).ToList();

    public string? OptionValue(string key) => _fromOptions.TryGetValue(key, out var v) ? v : null;
}
