using Mandos.Core.DBus;
using Mandos.Ctl.Bus;

namespace Mandos.Ctl.Commands;

/// <summary>What a command works on: the server, the selected clients (in selection order), and standard output.</summary>
internal sealed record CommandContext(IServerConnection Server, IReadOnlyList<ClientObject> Clients, TextWriter Output);
