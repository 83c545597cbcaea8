namespace Mandos.Core.Interop;

/// <summary>
/// The C library calls .NET does not offer, each declared once (one file per function, named
/// after it), for every Mandos program: NativeAOT-friendly source-generated marshalling, errno
/// kept (read it with Marshal.GetLastPInvokeError) where the callers need it.
/// </summary>
public static partial class Libc
{
    private const string Library = "libc";
}
