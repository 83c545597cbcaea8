using System.ComponentModel;

namespace Mandos.Core.Posix;

/// <summary>
/// A failed change of user or group ids, told as the call and errno's text, e.g.
/// "setgid(0): Operation not permitted". A <see cref="Win32Exception"/> (callers catch that) of
/// our own, so that ErrorText shows this sentence rather than errno's text alone.
/// </summary>
public sealed class IdChangeException(int error, string message) : Win32Exception(error, message);
