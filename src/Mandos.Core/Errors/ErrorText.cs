using System.ComponentModel;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace Mandos.Core.Errors;

/// <summary>
/// What went wrong, in words a user can read. NativeAOT strips the runtime's own messages
/// (UseSystemResourceKeys), so a .NET exception's <see cref="Exception.Message"/> is a resource
/// key such as <c>IO_FileNotFound_FileName, /etc/x</c>. This text never uses it: an operating
/// system error is told as the C library tells it (strerror), anything else of the runtime's by
/// what kind of failure it is. Our own exceptions (namespace Mandos) and those of the libraries
/// we use (BouncyCastle, Tmds.DBus, and a D-Bus peer's error text) carry real sentences and are
/// told as they are.
/// </summary>
public static class ErrorText
{
    // errno values are small; an HResult of this range on Unix is the errno the runtime saw.
    private const int MaxErrno = 4095;
    private const int EIsDir = 21;

    /// <summary>The cause, without the file name (callers name the file, key or peer themselves).</summary>
    /// <param name="e">the failure</param>
    /// <param name="path">the file it concerned, if any: tells "Is a directory" from "Permission denied"</param>
    public static string Of(Exception e, string? path = null)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            return Of(aggregate.InnerExceptions[0], path);
        }
        if (!IsRuntimes(e))
        {
            return e.Message;
        }
        return e switch
        {
            FileNotFoundException or DirectoryNotFoundException => Strerror(2),
            UnauthorizedAccessException when path is not null && Directory.Exists(path) => Strerror(EIsDir),
            UnauthorizedAccessException => Strerror(13),
            PathTooLongException => Strerror(36),
            SocketException s when s.NativeErrorCode is > 0 and <= MaxErrno => Strerror(s.NativeErrorCode),
            SocketException s => $"socket error {s.SocketErrorCode}",
            Win32Exception w when w.NativeErrorCode is > 0 and <= MaxErrno => Strerror(w.NativeErrorCode),
            IOException io when io.HResult is > 0 and <= MaxErrno => Strerror(io.HResult),
            IOException => "input/output error",
            OperationCanceledException or TimeoutException => "timed out or cancelled",
            OutOfMemoryException => "out of memory",
            CryptographicException => "a cryptographic operation failed",
            JsonException j when j.LineNumber is long line => $"malformed JSON at line {line + 1}",
            JsonException => "malformed JSON",
            FormatException or OverflowException or ArgumentException => $"a malformed or out-of-range value ({e.GetType().Name})",
            _ => $"internal error ({e.GetType().Name})",
        };
    }

    /// <summary>The C library's text for an errno value, e.g. "No such file or directory".</summary>
    public static string Strerror(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    // The runtime's own exceptions, whose messages are resource keys under NativeAOT.
    private static bool IsRuntimes(Exception e) =>
        e.GetType().Namespace is string ns && (ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal));
}
