namespace Mandos.Server.Listener;

/// <summary>
/// The listening socket cannot be made as the settings say: a bad listen address, a passed
/// descriptor (<c>--socket</c> or <c>socket</c> in mandos.conf) that is not a usable TCP socket,
/// an interface that cannot be bound to. The message is one sentence naming the option or
/// descriptor. An <see cref="IOException"/>, so callers that handle I/O failures handle it too.
/// </summary>
public sealed class ListenerException(string message) : IOException(message);
