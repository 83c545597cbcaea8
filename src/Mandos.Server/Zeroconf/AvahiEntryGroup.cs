using Tmds.DBus.Protocol;

namespace Mandos.Server.Zeroconf;

/// <summary>One Avahi entry group: the records the server publishes, committed and withdrawn together.</summary>
public sealed class AvahiEntryGroup(AvahiServer server, string path)
{
    public string Path => path;

    /// <summary>AddService(iface, protocol, flags 0, name, type, domain "", host "", port, no TXT), as upstream.</summary>
    public Task AddServiceAsync(ServiceAnnouncement service, string name)
    {
        using MessageWriter writer = server.Bus.GetMessageWriter();
        writer.WriteMethodCallHeader(server.Owner, path, AvahiApi.EntryGroupInterface, "AddService", "iiussssqaay");
        writer.WriteInt32(service.InterfaceIndex);
        writer.WriteInt32(service.Protocol);
        writer.WriteUInt32(0);
        writer.WriteString(name);
        writer.WriteString(ServiceAnnouncement.ServiceType);
        writer.WriteString("");
        writer.WriteString("");
        writer.WriteUInt16((ushort)service.Port);
        ArrayStart txt = writer.WriteArrayStart(DBusType.Array);
        writer.WriteArrayEnd(txt);
        return server.Bus.CallMethodAsync(writer.CreateMessage());
    }

    public Task CommitAsync() => Call("Commit");

    /// <summary>Withdraws the records (goodbye packets) and keeps the group for a new AddService.</summary>
    public Task ResetAsync() => Call("Reset");

    /// <summary>Withdraws the records (goodbye packets) and deletes the group.</summary>
    public Task FreeAsync() => Call("Free");

    public ValueTask<IDisposable> WatchStateAsync(Action<AvahiEntryGroupState, string> onChange) =>
        AvahiServer.WatchStateChanged(server.Bus, server.Owner, path, AvahiApi.EntryGroupInterface,
            (state, error) => onChange((AvahiEntryGroupState)state, error));

    private Task Call(string member)
    {
        using MessageWriter writer = server.Bus.GetMessageWriter();
        writer.WriteMethodCallHeader(server.Owner, path, AvahiApi.EntryGroupInterface, member);
        return server.Bus.CallMethodAsync(writer.CreateMessage());
    }
}
