using Mandos.Server.Config;

namespace Mandos.Server.State;

/// <summary>
/// Upstream's restore rules (upstream.md §3.6) as a pure function of the new <c>clients.conf</c>,
/// the saved state and the time:
/// <list type="bullet">
/// <item>Each value of a section that differs from the one applied last time is an edit, and
/// wins; an unchanged value keeps what the client's state became at run time.</item>
/// <item>So a client disabled at run time (by its timeout, D-Bus or mandos-ctl) stays disabled
/// across restarts; only editing its section's <c>enabled</c> enables it: an <c>enabled</c>
/// that reads as before is no edit, and the disable stands. This is the safety property.</item>
/// <item>An enabled client whose expiry passed while the server was down is disabled unless its
/// last checker succeeded; if it did, it gets a full timeout from now.</item>
/// <item>The saved secret is used only if it decrypts with the section's secret.</item>
/// <item>Clients gone from clients.conf are dropped, new ones start fresh, and a client removed
/// at run time stays removed until its section is edited (or removed and re-added).</item>
/// </list>
/// </summary>
public static class StateMerger
{
    public static StateMergeResult Merge(IReadOnlyList<ClientSettings> config, StateLoadResult saved, DateTime now)
    {
        var states = ByName(saved.Clients, s => s.Name);
        var markers = ByName(saved.Removed, r => r.Name);
        var clients = new List<RestoredClient>(config.Count);
        var removed = new List<RemovedClient>();
        var warnings = new List<string>();
        var notes = new List<string>();
        foreach (var settings in config)
        {
            var applied = ClientConfigValues.From(settings);
            if (markers.TryGetValue(settings.Name, out var marker) && marker.Config == applied)
            {
                removed.Add(marker);
            }
            else if (states.TryGetValue(settings.Name, out var old))
            {
                clients.Add(Restore(settings, applied, old, now, warnings, notes));
            }
            else
            {
                clients.Add(new RestoredClient(settings, ClientState.Fresh(settings, now), settings.Secret));
            }
        }

        return new StateMergeResult(clients, removed, warnings, notes);
    }

    private static RestoredClient Restore(
        ClientSettings settings, ClientConfigValues applied, ClientState old, DateTime now,
        List<string> warnings, List<string> notes)
    {
        var state = MergeValues(applied, old);
        if (state.Enabled && !old.Enabled)
        {
            // Enabled by an edit of the section: as if enabled now.
            state = state with { LastEnabled = now };
        }

        state = state.Enabled ? CheckExpiry(state, now, warnings) : state with { Expires = null };
        var (secret, sealedSecret) = RestoreSecret(settings, old, notes);
        return new RestoredClient(settings, state with { EncryptedSecret = sealedSecret }, secret);
    }

    private static ClientState MergeValues(ClientConfigValues now, ClientState old) => old with
    {
        Applied = now,
        KeyId = Pick(now.KeyId, old.Applied.KeyId, old.KeyId),
        Fingerprint = Pick(now.Fingerprint, old.Applied.Fingerprint, old.Fingerprint),
        Host = Pick(now.Host, old.Applied.Host, old.Host),
        Timeout = Pick(now.Timeout, old.Applied.Timeout, old.Timeout),
        ExtendedTimeout = Pick(now.ExtendedTimeout, old.Applied.ExtendedTimeout, old.ExtendedTimeout),
        Interval = Pick(now.Interval, old.Applied.Interval, old.Interval),
        ApprovalDelay = Pick(now.ApprovalDelay, old.Applied.ApprovalDelay, old.ApprovalDelay),
        ApprovalDuration = Pick(now.ApprovalDuration, old.Applied.ApprovalDuration, old.ApprovalDuration),
        ApprovedByDefault = Pick(now.ApprovedByDefault, old.Applied.ApprovedByDefault, old.ApprovedByDefault),
        Checker = Pick(now.Checker, old.Applied.Checker, old.Checker),
        Enabled = Pick(now.Enabled, old.Applied.Enabled, old.Enabled),
    };

    // An edited value wins; an unchanged one keeps its run-time value.
    private static T Pick<T>(T configured, T appliedBefore, T current) =>
        EqualityComparer<T>.Default.Equals(configured, appliedBefore) ? current : configured;

    // Upstream's messages, so that existing log watchers keep matching.
    private static ClientState CheckExpiry(ClientState state, DateTime now, List<string> warnings)
    {
        if (state.Expires is not { } expires || now < expires)
        {
            return state;
        }

        if (state.LastCheckedOk is null)
        {
            warnings.Add($"disabling client {state.Name} - Client never performed a successful checker");
            return state with { Enabled = false, Expires = null };
        }

        if (state.LastCheckerStatus != 0)
        {
            warnings.Add($"disabling client {state.Name} - Client last checker failed with error code {state.LastCheckerStatus}");
            return state with { Enabled = false, Expires = null };
        }

        return state with { Expires = now + state.Timeout };
    }

    private static (byte[] Secret, byte[]? Sealed) RestoreSecret(ClientSettings settings, ClientState old, List<string> notes)
    {
        if (old.EncryptedSecret is not { } sealedSecret)
        {
            return (settings.Secret, null);
        }

        if (SecretSealer.TryOpen(settings.Name, sealedSecret, settings.Secret, out var secret))
        {
            return (secret, sealedSecret);
        }

        // Expected when the configured secret was changed: then the configured one wins.
        notes.Add($"Failed to decrypt {settings.Name} old secret");
        return (settings.Secret, null);
    }

    // A later entry wins over an earlier one of the same name; StateFile.Load rejects such files anyway.
    private static Dictionary<string, T> ByName<T>(IReadOnlyList<T> items, Func<T, string> name)
    {
        var byName = new Dictionary<string, T>(items.Count, StringComparer.Ordinal);
        foreach (var item in items)
        {
            byName[name(item)] = item;
        }

        return byName;
    }
}
