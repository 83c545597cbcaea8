using Mandos.Core.Errors;
using Mandos.Core.Logging;

namespace Mandos.Client.Network;

/// <summary>
/// Decides which interfaces to use, as upstream: the <c>--interface</c> list minus names that do
/// not exist (warned about), or if none was given, every interface that is not loopback, can
/// broadcast, uses ARP, and is not point-to-point (allowed with <c>--connect</c>).
/// </summary>
public static class InterfaceSelector
{
    public const string None = "none";

    /// <summary>The requested list with unknown names dropped; <c>none</c> kept in place.</summary>
    public static IReadOnlyList<string> Existing(IReadOnlyList<string> requested, Log log)
    {
        var kept = new List<string>();
        foreach (string name in requested)
        {
            if (name == None || InterfaceControl.Exists(name))
            {
                kept.Add(name);
            }
            else
            {
                log.Warning($"Interface \"{name}\" does not exist; ignoring it");
            }
        }
        return kept;
    }

    /// <summary>Upstream's automatic choice, in alphabetical order.</summary>
    public static IReadOnlyList<string> Automatic(bool connectGiven, Log log)
    {
        var chosen = new List<string>();
        foreach (string name in InterfaceControl.All())
        {
            InterfaceFlags flags;
            try
            {
                flags = InterfaceControl.GetFlags(name);
            }
            catch (IOException e)
            {
                log.Debug(ErrorText.Of(e));
                continue;
            }
            if (IsSuitable(flags, connectGiven))
            {
                log.Debug($"Interface {name} is suitable");
                chosen.Add(name);
            }
        }
        return chosen;
    }

    public static bool IsSuitable(InterfaceFlags flags, bool connectGiven) =>
        !flags.HasFlag(InterfaceFlags.Loopback)
        && (connectGiven || !flags.HasFlag(InterfaceFlags.PointToPoint))
        && flags.HasFlag(InterfaceFlags.Broadcast)
        && !flags.HasFlag(InterfaceFlags.NoArp);
}
