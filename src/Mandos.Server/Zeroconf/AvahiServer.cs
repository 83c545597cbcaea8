using Tmds.DBus.Protocol;

namespace Mandos.Server.Zeroconf;

/// <summary>
/// The Avahi daemon's server object, addressed through one owner of its bus name (a
/// <see cref="NameOwnerWatcher"/> owner identifier): a call made after the daemon restarted fails
/// instead of reaching a new daemon that knows nothing of our entry group.
/// </summary>
public sealed class AvahiServer(DBusConnection bus, string owner)
{
    public DBusConnection Bus => bus;

    public string Owner => owner;

    public Task<AvahiServerState> GetStateAsync()
    {
        using MessageWriter writer = bus.GetMessageWriter();
        writer.WriteMethodCallHeader(owner, AvahiApi.ServerPath, AvahiApi.ServerInterface, "GetState");
        return bus.CallMethodAsync(writer.CreateMessage(), (message, _) => (AvahiServerState)message.GetBodyReader().ReadInt32(), null);
    }

    /// <summary>"Mandos" → "Mandos #2" → "Mandos #3" …, Avahi's alternative-name rule.</summary>
    public Task<string> GetAlternativeServiceNameAsync(string name)
    {
        using MessageWriter writer = bus.GetMessageWriter();
        writer.WriteMethodCallHeader(owner, AvahiApi.ServerPath, AvahiApi.ServerInterface, "GetAlternativeServiceName", "s");
        writer.WriteString(name);
        return bus.CallMethodAsync(writer.CreateMessage(), (message, _) => message.GetBodyReader().ReadString(), null);
    }

    /// <summary>A new, empty entry group; the daemon frees it when this connection closes.</summary>
    public async Task<AvahiEntryGroup> EntryGroupNewAsync() =>
        new(this, await bus.CallMethodAsync(EntryGroupNewCall(), (message, _) => message.GetBodyReader().ReadObjectPathAsString(), null));

    private MessageBuffer EntryGroupNewCall()
    {
        using MessageWriter writer = bus.GetMessageWriter();
        writer.WriteMethodCallHeader(owner, AvahiApi.ServerPath, AvahiApi.ServerInterface, "EntryGroupNew");
        return writer.CreateMessage();
    }

    /// <summary>Calls <paramref name="onChange"/> with each StateChanged (state, error) the server emits.</summary>
    public ValueTask<IDisposable> WatchStateAsync(Action<AvahiServerState, string> onChange) =>
        WatchStateChanged(bus, owner, AvahiApi.ServerPath, AvahiApi.ServerInterface, (state, error) => onChange((AvahiServerState)state, error));

    /// <summary>Subscribes to the StateChanged(i state, s error) signal of any Avahi object.</summary>
    internal static ValueTask<IDisposable> WatchStateChanged(DBusConnection bus, string owner, string path, string @interface, Action<int, string> onChange) =>
        bus.WatchSignalAsync(owner, path, @interface, "StateChanged",
            (message, _) =>
            {
                Reader reader = message.GetBodyReader();
                return (State: reader.ReadInt32(), Error: reader.ReadString());
            },
            notification =>
            {
                if (notification.HasValue)
                {
                    onChange(notification.Value.State, notification.Value.Error);
                }
            },
            ObserverFlags.None);
}
