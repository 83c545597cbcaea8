using System.Globalization;
using Mandos.Core.Logging;

namespace Mandos.Monitor.Events;

/// <summary>
/// The texts upstream's monitor logs for the server's signals and for its own toggles, word for
/// word, at upstream's levels (debug ones show only in verbose mode).
/// </summary>
public static class MonitorMessages
{
    public const string Version = "1.8.18";

    public const string Banner = "Mandos Monitor version " + Version;

    public const string QuickHelp = "q: Quit  ?: Help";

    public static readonly string GlobalKeysHelp = string.Join("  ",
        "q: Quit", "?: Help", "l: Log window toggle", "TAB: Switch window", "w: Wrap (log lines)", "v: Toggle verbose log");

    public static readonly string ClientKeysHelp = string.Join("  ",
        "Clients:", "+: Enable", "-: Disable", "R: Remove", "s: Start new checker", "S: Stop checker", "C: Checker OK",
        "a: Approve", "d: Deny");

    public static LogMessage NoServer { get; } = new(LogLevel.Warning, "Note: No Mandos server running.");

    public static LogMessage NoClients { get; } = new(LogLevel.Warning, "Note: Server has no clients.");

    public static LogMessage ClientCreated(string name) => new(LogLevel.Debug, $"Created client {name}");

    public static LogMessage GotSecret(string name) => new(LogLevel.Info, $"Client {name} received its secret");

    public static LogMessage Rejected(string name, string reason) => new(LogLevel.Info, $"Client {name} was rejected; reason: {reason}");

    /// <summary>NeedApproval(t timeout ms, b approved by default); Python's %f prints six decimals.</summary>
    public static LogMessage NeedApproval(string name, ulong timeoutMilliseconds, bool approvedByDefault)
    {
        string seconds = (timeoutMilliseconds / 1000.0).ToString("F6", CultureInfo.InvariantCulture);
        return new(LogLevel.Info, approvedByDefault
            ? $"Client {name} will get its secret in {seconds} seconds"
            : $"Client {name} needs approval within {seconds} seconds");
    }

    public static LogMessage ClientNotFound(string keyId, string address) =>
        new(LogLevel.Info, $"Client with address {address} and key ID {keyId} could not be found");

    public static LogMessage CheckerStarted(string name, string command) => new(LogLevel.Debug, $"Client {name} started checker \"{command}\"");

    /// <summary>
    /// CheckerCompleted(n exit code, x wait status, s command). Nothing is logged for a failure that
    /// is neither an exit nor a signal (as upstream).
    /// </summary>
    public static LogMessage? CheckerCompleted(string name, short exitCode, long waitStatus, string command)
    {
        if (exitCode == 0)
        {
            return new(LogLevel.Debug, $"Checker for client {name} (command \"{command}\") succeeded");
        }
        long low = waitStatus & 0x7f;
        if (low == 0)
        {
            return new(LogLevel.Info, $"Checker for client {name} (command \"{command}\") failed with exit code {(waitStatus >> 8) & 0xff}");
        }
        if (low != 0x7f)
        {
            return new(LogLevel.Info, $"Checker for client {name} (command \"{command}\") was killed by signal {low}");
        }
        return null;
    }

    public static LogMessage UnknownClientRemoved(string path) => new(LogLevel.Warning, $"Unknown client {path} removed");

    public static LogMessage LogVisibility(bool visible) => new(LogLevel.Debug, $"Log visibility changed to: {(visible ? "True" : "False")}");

    public static LogMessage WrapMode(bool wrap) => new(LogLevel.Debug, $"Wrap mode: {(wrap ? "any" : "clip")}");

    public static LogMessage Verbose(bool on) => new(LogLevel.Info, $"Verbose mode: {(on ? "On" : "Off")}");
}
