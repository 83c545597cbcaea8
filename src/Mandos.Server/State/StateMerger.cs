using Mandos.Core.Timing;
using Mandos.Server.Config;

namespace Mandos.Server.State;

/// <summary>
/// Upstream's restore rules (docs/compatibility.md, "State file") as a pure function of the new <c>clients.conf</c>,
/// the saved state and the time:
/// <list type="bullet">
/// <item>Each value of a section that differs from the one applied last time is an edit, and
/// wins; an unchanged value keeps what the client's state became at run time
/// (<see cref="ClientSettings.EditedOver"/>).</item>
/// <item>So a client disabled at run time (by its timeout, D-Bus or mandos-ctl) stays disabled
/// across restarts; only editing its section's <c>enabled</c> enables it: an <c>enabled</c>
/// that reads as before is no edit, and the disable stands. This is the safety property.</item>
/// <item>An enabled client whose expiry passed while the server was down is disabled unless its
/// last checker succeeded; if it did, it gets a full timeout from now.</item>
/// <item>The saved secret is used only if it decrypts with the section's secret; the key
/// (key_id, fingerprint) always comes from the section, never from the saved state.</item>
/// <item>Clients gone from clients.conf are dropped, new ones start fresh, and a client removed
/// at run time stays removed until its section is edited (or removed and re-added).</item>
/// </list>
/// </summary>
public static class StateMerger
{
    public static StateMergeResult Merge(IReadOnlyList<ClientSection> config, StateLoadResult saved, DateTime now)
    {
        var states = ByName(saved.Clients, s => s.Name);
        var markers = ByName(saved.Removed, r => r.Name);
        var clients = new List<RestoredClient>(config.Count);
        var removed = new List<RemovedClient>();
        var warnings = new List<string>();
        var notes = new List<string>();
        foreach (var section in config)
        {
            if (markers.TryGetValue(section.Name, out var marker) && marker.Config == section.Settings)
            {
                removed.Add(marker);
            }
            else if (states.TryGetValue(section.Name, out var old))
            {
                clients.Add(Restore(section, old, now, warnings, notes));
            }
            else
            {
                clients.Add(new RestoredClient(section, ClientState.Fresh(section, now), section.Secret));
            }
        }

        return new StateMergeResult(clients, removed, warnings, notes);
    }

    private static RestoredClient Restore(
        ClientSection section, ClientState old, DateTime now, List<string> warnings, List<string> notes)
    {
        // A server never changes a client's key at run time: a saved one unlike the applied one is not a server's.
        if (old.Settings.KeyId != old.Applied.KeyId || old.Settings.Fingerprint != old.Applied.Fingerprint)
        {
            warnings.Add($"Saved state gives client {section.Name} a key other than the one its section had; " +
                         "ignored: a client's key comes from clients.conf only");
        }
        var state = old with { Applied = section.Settings, Settings = section.Settings.EditedOver(old.Applied, old.Settings) };
        if (state.Settings.Enabled && !old.Settings.Enabled)
        {
            // Enabled by an edit of the section: as if enabled now.
            state = state with { LastEnabled = now };
        }

        state = state.Settings.Enabled ? CheckExpiry(state, now, warnings) : state with { Expires = null };
        var (secret, sealedSecret) = RestoreSecret(section, old, notes);
        return new RestoredClient(section, state with { EncryptedSecret = sealedSecret }, secret);
    }

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
            return Disabled(state);
        }

        if (state.LastCheckerStatus != 0)
        {
            warnings.Add($"disabling client {state.Name} - Client last checker failed with error code {state.LastCheckerStatus}");
            return Disabled(state);
        }

        return state with { Expires = SaturatingTime.Add(now, state.Settings.Timeout) };
    }

    private static ClientState Disabled(ClientState state) =>
        state with { Settings = state.Settings with { Enabled = false }, Expires = null };

    private static (byte[] Secret, byte[]? Sealed) RestoreSecret(ClientSection section, ClientState old, List<string> notes)
    {
        if (old.EncryptedSecret is not { } sealedSecret)
        {
            return (section.Secret, null);
        }

        if (SecretSealer.TryOpen(section.Name, sealedSecret, section.Secret, out byte[]? secret))
        {
            return (secret, sealedSecret);
        }

        // Expected when the configured secret was changed: then the configured one wins.
        notes.Add($"Failed to decrypt {section.Name} old secret");
        return (section.Secret, null);
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
