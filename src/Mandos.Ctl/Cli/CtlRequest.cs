using Mandos.Ctl.Commands;

namespace Mandos.Ctl.Cli;

/// <summary>What a valid command line asks for: commands in running order, and which clients.</summary>
internal sealed record CtlRequest(IReadOnlyList<ClientCommand> Commands, IReadOnlyList<string> ClientNames, bool All, bool Debug);
