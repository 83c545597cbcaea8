using System.Net;
using Mandos.Core.Errors;
using Mandos.Core.Logging;
using Mandos.Core.Posix;

namespace Mandos.Client.Network;

/// <summary>
/// Upstream's workaround for servers announced with an address no route leads to: run
/// <c>$MANDOSPLUGINHELPERDIR/mandos-client-iprouteadddel add ADDRESS INTERFACE</c>, try again, and
/// delete the route afterwards. Without MANDOSPLUGINHELPERDIR the helper is skipped, as upstream.
/// Runs on the root side: the helper is opened once, checked as <see cref="OpenedProgram"/> says,
/// and started from the opened file with a fixed environment.
/// </summary>
public sealed class OnLinkRoute(string? helperDirectory, bool debug, Func<Func<SpawnedChild>, SpawnedChild> asRoot, Log log) : ITemporaryRoutes
{
    public static OnLinkRoute FromEnvironment(bool debug, Func<Func<SpawnedChild>, SpawnedChild> asRoot, Log log) =>
        new(Environment.GetEnvironmentVariable("MANDOSPLUGINHELPERDIR"), debug, asRoot, log);

    public Task<bool> AddAsync(IPAddress address, int interfaceIndex) => RunAsync("add", address, interfaceIndex);

    public Task DeleteAsync(IPAddress address, int interfaceIndex) => RunAsync("delete", address, interfaceIndex);

    private async Task<bool> RunAsync(string verb, IPAddress address, int interfaceIndex)
    {
        if (string.IsNullOrEmpty(helperDirectory))
        {
            log.Debug("MANDOSPLUGINHELPERDIR is not set: no temporary route");
            return false;
        }
        string? interfaceName = InterfaceControl.NameOf(interfaceIndex);
        if (interfaceName is null)
        {
            log.Warning($"No network interface has index {interfaceIndex}: no temporary route to {address}");
            return false;
        }
        if (verb == "add")
        {
            log.Debug($"No route to {address}: adding a temporary one through {interfaceName}");
        }
        string helper = Path.Combine(helperDirectory, RouteHelperProgram.Name);
        List<string> argv = [RouteHelperProgram.Name, verb, address.ToString(), interfaceName, .. debug ? ["--debug"] : Array.Empty<string>()];
        try
        {
            using OpenedProgram program = OpenedProgram.Open(helper);
            SpawnedChild child = asRoot(() => program.Spawn(argv, FixedEnvironment.With([]),
                new SpawnOptions { InputFromDevNull = true, OutputToStandardError = true, CloseOtherDescriptors = true }));
            int status = await ChildWait.ForAsync(child.Pid).ConfigureAwait(false);
            if (status != 0)
            {
                log.Warning($"{helper} {verb} {address} {interfaceName} failed with status {status}");
            }
            return status == 0;
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception)
        {
            log.Warning($"Could not run {RouteHelperProgram.Name}: {ErrorText.Of(e)}");
            return false;
        }
    }
}
