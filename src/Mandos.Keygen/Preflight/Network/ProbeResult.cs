using Mandos.Core.Keys;

namespace Mandos.Keygen.Preflight.Network;

/// <summary>What the probe reported, and the decrypted secret if a server gave it (cleared on dispose).</summary>
internal sealed class ProbeResult(IReadOnlyList<ProbeReport> reports, byte[]? secret) : IDisposable
{
    public IReadOnlyList<ProbeReport> Reports { get; } = reports;

    /// <summary>The passphrase the next boot would get; null when no server gave it.</summary>
    public byte[]? Secret { get; } = secret;

    public void Dispose() => PrivateFile.Clear(Secret);
}
