using System.Net;
using Mandos.Core.Errors;

namespace Mandos.Client.Network;

/// <summary>
/// <c>mandos-client-iprouteadddel [--debug] add|delete ADDRESS INTERFACE</c>: the helper the
/// client runs (as root) when a discovered server's address is not reachable through any route,
/// e.g. Avahi announcing an address outside our subnet (Debian #587961). The same executable as
/// mandos-client, chosen by the name it is run under.
/// </summary>
public static class RouteHelperProgram
{
    public const string Name = "mandos-client-iprouteadddel";
    private const int ExitUsage = 64;
    private const int ExitOsError = 71;
    private const string Prefix = Name + ": ";

    public static int Run(IReadOnlyList<string> args)
    {
        bool debug = args.Contains("--debug");
        string[] rest = args.Where(a => a != "--debug").ToArray();
        if (rest is ["--help" or "-?" or "--usage", ..])
        {
            Console.Out.WriteLine($"Usage: {Name} [--debug] add|delete ADDRESS INTERFACE");
            return 0;
        }
        if (rest.Length != 3 || rest[0] is not ("add" or "delete") || !IPAddress.TryParse(rest[1], out IPAddress? address))
        {
            Console.Error.WriteLine($"{Prefix}usage: {Name} [--debug] add|delete ADDRESS INTERFACE");
            return ExitUsage;
        }
        int index = InterfaceControl.IndexOf(rest[2]);
        if (index == 0)
        {
            Console.Error.WriteLine($"{Prefix}no such interface: {rest[2]}");
            return ExitUsage;
        }
        try
        {
            RouteNetlink.Change(rest[0] == "add", address, index);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"{Prefix}could not {rest[0]} the route to {address} via {rest[2]}: {ErrorText.Of(e)}");
            return ExitOsError;
        }
        if (debug)
        {
            Console.Error.WriteLine($"{Prefix}{(rest[0] == "add" ? "added" : "deleted")} on-link route to {address} via {rest[2]}");
        }
        return 0;
    }
}
