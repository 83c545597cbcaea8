namespace Mandos.Core.Posix;

/// <summary>The &lt;sysexits.h&gt; codes upstream's client-side C programs exit with.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 64;
    public const int Unavailable = 69;
    public const int OsError = 71;
    public const int OsFile = 72;
    public const int IoError = 74;
    public const int TempFail = 75;
    public const int NoPermission = 77;
    public const int Config = 78;
}
