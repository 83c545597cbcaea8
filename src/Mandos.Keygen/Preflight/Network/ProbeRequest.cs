using System.Globalization;
using Mandos.Core.Posix;

namespace Mandos.Keygen.Preflight.Network;

/// <summary>
/// What the probe (<see cref="ProbeSide"/>) is to do, passed to it in its fixed environment: the
/// key directory, the server to ask (<c>ADDRESS:PORT</c>, or null to search with mDNS), the
/// interfaces to search on (empty: those the boot's client would choose) and the seconds one
/// search, and one server's answer, may take.
/// </summary>
internal sealed record ProbeRequest(string KeyDirectory, string? Connect, IReadOnlyList<string> Interfaces, double TimeoutSeconds)
{
    /// <summary>Set in the probe's environment: the key directory; its presence makes the executable the probe.</summary>
    public const string KeyDirectoryVariable = "MANDOS_KEYGEN_PROBE";

    private const string ConnectVariable = "MANDOS_KEYGEN_PROBE_CONNECT";
    private const string InterfacesVariable = "MANDOS_KEYGEN_PROBE_INTERFACES";
    private const string TimeoutVariable = "MANDOS_KEYGEN_PROBE_TIMEOUT";

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    public List<string> Environment() => FixedEnvironment.With(
    [
        new(KeyDirectoryVariable, KeyDirectory),
        new(ConnectVariable, Connect ?? ""),
        // interface names hold no spaces
        new(InterfacesVariable, string.Join(' ', Interfaces)),
        new(TimeoutVariable, TimeoutSeconds.ToString("R", CultureInfo.InvariantCulture)),
    ]);

    /// <summary>The request this process was started with, or null when it is not the probe.</summary>
    public static ProbeRequest? FromEnvironment()
    {
        if (System.Environment.GetEnvironmentVariable(KeyDirectoryVariable) is not string directory)
        {
            return null;
        }
        string connect = System.Environment.GetEnvironmentVariable(ConnectVariable) ?? "";
        string[] interfaces = (System.Environment.GetEnvironmentVariable(InterfacesVariable) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        double timeout = double.TryParse(System.Environment.GetEnvironmentVariable(TimeoutVariable), NumberStyles.Float, CultureInfo.InvariantCulture,
            out double t) && t > 0 && t <= int.MaxValue / 1000 ? t : KeygenOptions.DefaultTimeout;
        return new ProbeRequest(directory, connect.Length == 0 ? null : connect, interfaces, timeout);
    }
}
