using Tmds.DBus.Protocol;

namespace Mandos.Server.DBus;

/// <summary>Sends signals on the server's bus connection; a lost connection only drops them.</summary>
public sealed class BusSignals(DBusConnection connection)
{
    public delegate void BodyWriter(ref MessageWriter writer);

    public void Emit(string path, string @interface, string member, string? signature = null, BodyWriter? body = null)
    {
        MessageWriter writer = connection.GetMessageWriter();
        try
        {
            writer.WriteSignalHeader(null, path, @interface, member, signature);
            body?.Invoke(ref writer);
            connection.TrySendMessage(writer.CreateMessage());
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>The same signal under both interface names, as upstream emits every Mandos signal.</summary>
    public void EmitTwice(string path, string @interface, string legacyInterface, string member, string? signature = null, BodyWriter? body = null)
    {
        Emit(path, @interface, member, signature, body);
        Emit(path, legacyInterface, member, signature, body);
    }
}
