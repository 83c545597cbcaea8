namespace Mandos.Keygen.Preflight;

/// <summary>
/// One line of <c>mandos-keygen --test</c>: which check (<c>keys</c>, <c>initramfs</c>,
/// <c>server</c>, <c>secret</c>, <c>device</c>), how it came out, what was found (one sentence
/// naming the file, server or device) and, unless it is ok, how to fix it. Never holds a secret.
/// </summary>
public sealed record CheckResult(string Check, CheckStatus Status, string Message, string? Fix = null)
{
    public static CheckResult Ok(string check, string message) => new(check, CheckStatus.Ok, message);

    public static CheckResult Warning(string check, string message, string? fix = null) => new(check, CheckStatus.Warning, message, fix);

    public static CheckResult Failed(string check, string message, string fix) => new(check, CheckStatus.Failed, message, fix);
}
