using System.Diagnostics;
using System.Net;
using Mandos.Client.Privileges;
using Mandos.Core.Logging;

namespace Mandos.Client.Network;

/// <summary>
/// Upstream's workaround for servers announced with an address no route leads to: run
/// <c>$MANDOSPLUGINHELPERDIR/mandos-client-iprouteadddel add ADDRESS INTERFACE</c>, try again, and
/// delete the route afterwards. Without MANDOSPLUGINHELPERDIR the helper is skipped, as upstream.
/// </summary>
public sealed class OnLinkRoute(string? helperDirectory, bool debug, Log log)
{
    public static OnLinkRoute FromEnvironment(bool debug, Log log) =>
        new(Environment.GetEnvironmentVariable("MANDOSPLUGINHELPERDIR"), debug, log);

    public async Task<bool> AddAsync(IPAddress address, string interfaceName) => await RunAsync("add", address, interfaceName).ConfigureAwait(false);

    public async Task DeleteAsync(IPAddress address, string interfaceName) => await RunAsync("delete", address, interfaceName).ConfigureAwait(false);

    private async Task<bool> RunAsync(string verb, IPAddress address, string interfaceName)
    {
        if (string.IsNullOrEmpty(helperDirectory))
        {
            log.Debug("MANDOSPLUGINHELPERDIR is not set: no temporary route");
            return false;
        }
        string helper = Path.Combine(helperDirectory, RouteHelperProgram.Name);
        var start = new ProcessStartInfo(helper) { UseShellExecute = false, RedirectStandardInput = true };
        foreach (string a in new[] { verb, address.ToString(), interfaceName }.Concat(debug ? ["--debug"] : []))
        {
            start.ArgumentList.Add(a);
        }
        try
        {
            Process started;
            using (RootPrivilege.RaiseFully())   // the helper changes routes: root, as upstream runs it
            {
                started = Process.Start(start)!;
            }
            using Process p = started;
            p.StandardInput.Close();
            await p.WaitForExitAsync().ConfigureAwait(false);
            if (p.ExitCode != 0)
            {
                log.Warning($"{helper} {verb} {address} {interfaceName} failed with status {p.ExitCode}");
            }
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            log.Warning($"Could not run {helper}: {e.Message}");
            return false;
        }
    }
}
