using Tmds.DBus.Protocol;

namespace Mandos.Core.DBus;

/// <summary>
/// The server's signals. Each subscription decodes a signal on the connection's thread and hands
/// the result to its handler there (nothing when the decoder returns null); they end with the proxy.
/// </summary>
public sealed partial class MandosServerProxy
{
    private const string BusDaemon = "org.freedesktop.DBus";

    /// <summary>NameOwnerChanged of the server's bus name: the new owner, "" when the server is gone.</summary>
    public Task WatchOwnerAsync(Action<string> handler) =>
        WatchAsync(new MatchRule
        {
            Type = MessageType.Signal, Sender = BusDaemon, Path = "/org/freedesktop/DBus", Interface = BusDaemon,
            Member = "NameOwnerChanged", Arg0 = MandosBusNames.Service,
        }, static message =>
        {
            Reader reader = message.GetBodyReader();
            reader.ReadString();
            reader.ReadString();
            return reader.ReadString();
        }, handler);

    /// <summary>ObjectManager's InterfacesAdded for an object with the client interface: the new client.</summary>
    public Task WatchClientAddedAsync(Action<ClientObject> handler) =>
        WatchServerAsync(MandosBusNames.ObjectManager, "InterfacesAdded", static message =>
        {
            Reader reader = message.GetBodyReader();
            string path = reader.ReadObjectPathAsString();
            return ReadClientInterface(ref reader) is { } properties ? new ClientObject(path, properties) : null;
        }, handler);

    /// <summary>ObjectManager's InterfacesRemoved naming the client interface: the removed client's path.</summary>
    public Task WatchClientRemovedAsync(Action<string> handler) =>
        WatchServerAsync(MandosBusNames.ObjectManager, "InterfacesRemoved", static message =>
        {
            Reader reader = message.GetBodyReader();
            string path = reader.ReadObjectPathAsString();
            string[] interfaces = reader.ReadArrayOfString();
            return interfaces.Contains(MandosBusNames.ClientInterface) ? path : null;
        }, handler);

    /// <summary>PropertiesChanged of the client interface on a client: its path and the changed properties.</summary>
    public Task WatchClientPropertiesAsync(Action<ClientObject> handler) =>
        WatchClientsAsync(MandosBusNames.Properties, "PropertiesChanged", static message =>
        {
            string path = message.PathAsString!;
            Reader reader = message.GetBodyReader();
            return reader.ReadString() == MandosBusNames.ClientInterface
                ? new ClientObject(path, reader.ReadDictionaryOfStringToVariantValue())
                : null;
        }, handler);

    /// <summary>A signal of the server object's interface (ClientNotFound, ...), decoded by <paramref name="decode"/>.</summary>
    public Task WatchServerSignalAsync<T>(string member, Func<Message, T?> decode, Action<T> handler) where T : class =>
        WatchServerAsync(MandosBusNames.ServerInterface, member, decode, handler);

    /// <summary>A signal of the client interface from any client (CheckerStarted, GotSecret, ...), decoded by <paramref name="decode"/>.</summary>
    public Task WatchClientSignalAsync<T>(string member, Func<Message, T?> decode, Action<T> handler) where T : class =>
        WatchClientsAsync(MandosBusNames.ClientInterface, member, decode, handler);

    private Task WatchServerAsync<T>(string iface, string member, Func<Message, T?> decode, Action<T> handler) where T : class =>
        WatchAsync(new MatchRule
        {
            Type = MessageType.Signal, Sender = MandosBusNames.Service, Path = MandosBusNames.ServerPath,
            Interface = iface, Member = member,
        }, decode, handler);

    private Task WatchClientsAsync<T>(string iface, string member, Func<Message, T?> decode, Action<T> handler) where T : class =>
        WatchAsync(new MatchRule
        {
            Type = MessageType.Signal, Sender = MandosBusNames.Service, PathNamespace = MandosBusNames.ClientsPath,
            Interface = iface, Member = member,
        }, decode, handler);

    private async Task WatchAsync<T>(MatchRule rule, Func<Message, T?> decode, Action<T> handler) where T : class
    {
        IDisposable subscription = await _connection.AddMatchAsync(rule, (Message message, object? _) => decode(message),
            (Notification<T?> notification) =>
            {
                if (notification.HasValue && notification.Value is T value)
                {
                    handler(value);
                }
            },
            false, ObserverFlags.None, null);
        _subscriptions.Add(subscription);
    }
}
