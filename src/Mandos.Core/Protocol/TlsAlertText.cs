using Org.BouncyCastle.Tls;

namespace Mandos.Core.Protocol;

/// <summary>How both TLS roles describe the last alert, for error messages.</summary>
internal static class TlsAlertText
{
    public static string Sent(short alertDescription, string? message) =>
        $"sent {AlertDescription.GetText(alertDescription)}" + (message is null ? "" : $" ({message})");

    public static string Received(short alertDescription) => $"received {AlertDescription.GetText(alertDescription)}";
}
