using Mandos.Server.Clients;
using Tmds.DBus.Protocol;

namespace Mandos.Server.DBus;

/// <summary>One property of a client object: name, D-Bus type, access, how it reads and what writing it does.</summary>
public sealed record ClientBusProperty(
    string Name,
    string Signature,
    PropertyAccess Access,
    ChangeSignal Emits,
    Func<ClientRecord, BusValue>? Read,
    Action<ClientRecord, VariantValue>? Write)
{
    public bool Readable => Access != PropertyAccess.Write;

    public bool Writable => Access != PropertyAccess.Read;
}
