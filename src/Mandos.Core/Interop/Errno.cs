namespace Mandos.Core.Interop;

/// <summary>The errno values the programs tell apart (the same on every Linux architecture they run on).</summary>
public static class Errno
{
    public const int NotPermitted = 1;                // EPERM
    public const int NoSuchFile = 2;                  // ENOENT
    public const int Interrupted = 4;                 // EINTR
    public const int InputOutput = 5;                 // EIO
    public const int Exists = 17;                     // EEXIST
    public const int NoSuchDevice = 19;               // ENODEV
    public const int InvalidArgument = 22;            // EINVAL
    public const int OutOfRange = 34;                 // ERANGE
    public const int ProtocolError = 71;              // EPROTO
    public const int NotASocket = 88;                 // ENOTSOCK
    public const int ProtocolOptionUnavailable = 92;  // ENOPROTOOPT
    public const int NotConnected = 107;              // ENOTCONN
}
