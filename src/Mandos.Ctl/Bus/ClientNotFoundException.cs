using Mandos.Ctl.Output;

namespace Mandos.Ctl.Bus;

/// <summary>A client name given on the command line is not one of the server's clients.</summary>
internal sealed class ClientNotFoundException(string name) : Exception($"Client not found on server: {PythonRepr.Of(name)}");
