using Berth.Engine.Filtering;
using Berth.Engine.Model;

namespace Berth.Engine.Events;

/// <summary>The filters of /events: type, event (action), container, image, volume, network, label, daemon, scope.</summary>
public static class EventFilter
{
    public static void Validate(Filters f) =>
        f.Validate("type", "event", "container", "image", "volume", "network", "label", "daemon", "scope", "plugin", "node", "service", "secret", "config");

    public static bool Matches(Filters f, EventMessage e)
    {
        if (f.IsEmpty) return true;
        var attrs = e.Actor?.Attributes ?? new();
        string id = e.Actor?.ID ?? "";
        attrs.TryGetValue("name", out var name);
        bool IdOrName(string v) => v == id || (id.Length >= v.Length && id.StartsWith(v, StringComparison.Ordinal) && v.Length >= 1) || v == name;

        if (!f.Any("type", t => t == e.Type)) return false;
        if (!f.Any("event", a => a == e.Action || (e.Action ?? "").StartsWith(a + ":", StringComparison.Ordinal))) return false;
        if (!f.Any("scope", s => s == (e.Scope ?? "local"))) return false;
        if (f.Has("container") && (e.Type != "container" || !f.Any("container", IdOrName))) return false;
        if (f.Has("image"))
        {
            attrs.TryGetValue("image", out var image);
            if (!f.Any("image", v => (e.Type == "image" && IdOrName(v)) || v == image || (image is not null && image.StartsWith(v + ":", StringComparison.Ordinal)))) return false;
        }
        if (f.Has("volume") && (e.Type != "volume" || !f.Any("volume", IdOrName))) return false;
        if (f.Has("network") && (e.Type != "network" || !f.Any("network", IdOrName))) return false;
        if (!f.MatchLabels("label", attrs)) return false;
        return true;
    }
}
