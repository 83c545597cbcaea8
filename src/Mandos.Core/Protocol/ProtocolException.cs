namespace Mandos.Core.Protocol;

/// <summary>The peer broke the Mandos protocol (bad version line, wrong certificate type, ...).</summary>
public sealed class ProtocolException(string message, Exception? inner = null) : Exception(message, inner);
