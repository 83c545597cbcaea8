using Mandos.Server.Clients;
using Tmds.DBus.Protocol;

namespace Mandos.Server.DBus;

/// <summary>
/// Every property of se.recompile.Mandos.Client, in upstream's
/// introspection order. Writing one runs what upstream runs: Enabled enables or disables,
/// CheckerRunning starts or stops the checker, LastCheckedOK counts as a successful check,
/// Timeout and Interval move the timers.
/// </summary>
public static class ClientBusProperties
{
    public static readonly IReadOnlyList<ClientBusProperty> All =
    [
        new("ApprovalDelay", "t", PropertyAccess.ReadWrite, ChangeSignal.Value, c => BusValue.Of(c.Settings.ApprovalDelay), (c, v) => c.SetApprovalDelay(Milliseconds(v))),
        new("ApprovalDuration", "t", PropertyAccess.ReadWrite, ChangeSignal.Value, c => BusValue.Of(c.Settings.ApprovalDuration), (c, v) => c.SetApprovalDuration(Milliseconds(v))),
        new("ApprovalPending", "b", PropertyAccess.Read, ChangeSignal.Value, c => BusValue.Of(c.ApprovalsPending > 0), null),
        new("ApprovedByDefault", "b", PropertyAccess.ReadWrite, ChangeSignal.Value, c => BusValue.Of(c.Settings.ApprovedByDefault), (c, v) => c.SetApprovedByDefault(Boolean(v))),
        new("CheckerRunning", "b", PropertyAccess.ReadWrite, ChangeSignal.Value, c => BusValue.Of(c.CheckerRunning), (c, v) =>
        {
            if (Boolean(v))
            {
                c.StartChecker();
            }
            else
            {
                c.StopChecker();
            }
        }),
        new("Checker", "s", PropertyAccess.ReadWrite, ChangeSignal.Value, c => BusValue.Of(c.Settings.Checker), (c, v) => c.SetChecker(Text(v))),
        new("Created", "s", PropertyAccess.Read, ChangeSignal.Const, c => BusValue.Of(c.Created), null),
        new("Enabled", "b", PropertyAccess.ReadWrite, ChangeSignal.Value, c => BusValue.Of(c.Settings.Enabled), (c, v) =>
        {
            if (Boolean(v))
            {
                c.Enable();
            }
            else
            {
                c.Disable();
            }
        }),
        new("Expires", "s", PropertyAccess.Read, ChangeSignal.Value, c => BusValue.Of(c.Expires), null),
        new("ExtendedTimeout", "t", PropertyAccess.ReadWrite, ChangeSignal.Value, c => BusValue.Of(c.Settings.ExtendedTimeout), (c, v) => c.SetExtendedTimeout(Milliseconds(v))),
        new("Fingerprint", "s", PropertyAccess.Read, ChangeSignal.Const, c => BusValue.Of(c.Settings.Fingerprint), null),
        new("Host", "s", PropertyAccess.ReadWrite, ChangeSignal.Value, c => BusValue.Of(c.Settings.Host), (c, v) => c.SetHost(Text(v))),
        new("Interval", "t", PropertyAccess.ReadWrite, ChangeSignal.Value, c => BusValue.Of(c.Settings.Interval), (c, v) => c.SetInterval(Milliseconds(v))),
        new("KeyID", "s", PropertyAccess.Read, ChangeSignal.Const, c => BusValue.Of(c.Settings.KeyId), null),
        new("LastApprovalRequest", "s", PropertyAccess.Read, ChangeSignal.Value, c => BusValue.Of(c.LastApprovalRequest), null),
        // Writing any value counts as a successful check (upstream's docs say to write "").
        new("LastCheckedOK", "s", PropertyAccess.ReadWrite, ChangeSignal.Value, c => BusValue.Of(c.LastCheckedOk), (c, _) => c.CheckedOk()),
        new("LastCheckerStatus", "n", PropertyAccess.Read, ChangeSignal.Value, c => BusValue.Of((short)c.LastCheckerStatus), null),
        new("LastEnabled", "s", PropertyAccess.Read, ChangeSignal.Value, c => BusValue.Of(c.LastEnabled), null),
        new("Name", "s", PropertyAccess.Read, ChangeSignal.Const, c => BusValue.Of(c.Name), null),
        new("ObjectPath", "o", PropertyAccess.Read, ChangeSignal.Const, c => BusValue.Path(c.BusObjectPath ?? "/"), null),
        new("Secret", "ay", PropertyAccess.Write, ChangeSignal.Invalidates, null, (c, v) => c.SetSecret(Bytes(v))),
        new("Timeout", "t", PropertyAccess.ReadWrite, ChangeSignal.Value, c => BusValue.Of(c.Settings.Timeout), (c, v) => c.SetTimeout(Milliseconds(v))),
    ];

    private static readonly Dictionary<string, ClientBusProperty> ByName = All.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public static ClientBusProperty? Find(string name) => ByName.GetValueOrDefault(name);

    private static bool Boolean(VariantValue v) => v.Type == VariantValueType.Bool
        ? v.GetBool()
        : throw new BusArgumentException($"expected a boolean (b), got {v.Type}");

    private static string Text(VariantValue v) => v.Type == VariantValueType.String
        ? v.GetString()
        : throw new BusArgumentException($"expected a string (s), got {v.Type}");

    private static byte[] Bytes(VariantValue v) => v.Type == VariantValueType.Array && v.ItemType == VariantValueType.Byte
        ? v.GetArray<byte>()
        : throw new BusArgumentException($"expected bytes (ay), got {v.Type}");

    // The longest duration a TimeSpan holds, in whole milliseconds (about 29,000 years).
    private static readonly long MaxMilliseconds = TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerMillisecond;

    /// <summary>Milliseconds as any unsigned or non-negative integer type (upstream's tools send t).</summary>
    private static TimeSpan Milliseconds(VariantValue v)
    {
        Int128 ms = v.Type switch
        {
            VariantValueType.Byte => v.GetByte(),
            VariantValueType.UInt16 => v.GetUInt16(),
            VariantValueType.Int16 => v.GetInt16(),
            VariantValueType.UInt32 => v.GetUInt32(),
            VariantValueType.Int32 => v.GetInt32(),
            VariantValueType.Int64 => v.GetInt64(),
            VariantValueType.UInt64 => v.GetUInt64(),
            _ => throw new BusArgumentException($"expected milliseconds (t), got {v.Type}"),
        };
        return ms < 0
            ? throw new BusArgumentException($"a duration cannot be negative ({ms} ms)")
            : ms > MaxMilliseconds
            ? throw new BusArgumentException($"a duration of {ms} ms is longer than the server can keep (at most {MaxMilliseconds} ms, about 29,000 years)")
            : TimeSpan.FromMilliseconds((long)ms);
    }
}
