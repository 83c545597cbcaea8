using Mandos.Server.Config;
using Mandos.Server.State;
using Mandos.Testing.Files;
using Xunit;
using static Mandos.Server.Tests.State.StateSamples;

namespace Mandos.Server.Tests.State;

/// <summary>Upstream's restore rules (docs/compatibility.md, "State file"), rule by rule, plus the removal marker and the safety property.</summary>
[Lane(Lane.Unit)]
public sealed class StateMergerTests
{
    private static readonly StateLoadResult NothingSaved = StateLoadResult.Empty;

    [Fact]
    public void DisabledClientStaysDisabledAcrossRestart()
    {
        var section = Section();
        var saved = Saved(section).WithSettings(s => s with { Enabled = false }) with { Expires = null };

        var state = RestoreOne(section, saved);

        Assert.False(state.Settings.Enabled);
        Assert.Null(state.Expires);
    }

    /// <summary>
    /// A saved key unlike the one applied was not made by a server (keys are read-only at run
    /// time): a tampered state file must not make another machine this client.
    /// </summary>
    [Fact]
    public void TheKeyAlwaysComesFromTheSectionNeverFromSavedState()
    {
        var section = Section();
        var saved = Saved(section).WithSettings(s => s with { KeyId = new string('a', 64), Fingerprint = new string('b', 40) });

        var merged = StateMerger.Merge([section], new StateLoadResult([saved], []), Now);

        var state = Assert.Single(merged.Clients).State;
        Assert.Equal(section.Settings.KeyId, state.Settings.KeyId);
        Assert.Equal(section.Settings.Fingerprint, state.Settings.Fingerprint);
        Assert.Contains(merged.Warnings, w => w.Contains("a key other than the one its section had", StringComparison.Ordinal));
    }

    [Fact]
    public void DisabledClientStaysDisabledWhenOtherValuesOfItsSectionChange()
    {
        var saved = Saved(Section()).WithSettings(s => s with { Enabled = false }) with { Expires = null };
        var edited = Section().WithSettings(s => s with { Timeout = TimeSpan.FromHours(1), Host = "new.example", Checker = "true" });

        var state = RestoreOne(edited, saved);

        Assert.False(state.Settings.Enabled);
        Assert.Equal(TimeSpan.FromHours(1), state.Settings.Timeout);
    }

    [Fact]
    public void DisabledClientStaysDisabledWhenStateDirectoryRoundTrips()
    {
        using var directory = new TempDir("mandos-state-");
        var file = new StateFile(directory.Path);
        file.Save([Saved(Section()).WithSettings(s => s with { Enabled = false }) with { Expires = null }], []);

        var merged = StateMerger.Merge([Section()], file.Load(), Now);

        Assert.False(Assert.Single(merged.Clients).State.Settings.Enabled);
    }

    [Fact]
    public void EditingEnabledInTheSectionEnablesADisabledClient()
    {
        var saved = Saved(Section(enabled: false)).WithSettings(s => s with { Enabled = false }) with { Expires = null, LastEnabled = null };

        var state = RestoreOne(Section(enabled: true), saved);

        Assert.True(state.Settings.Enabled);
        Assert.Equal(Now, state.LastEnabled);
    }

    [Fact]
    public void EditingEnabledInTheSectionDisablesAnEnabledClient()
    {
        var state = RestoreOne(Section(enabled: false), Saved(Section(enabled: true)));

        Assert.False(state.Settings.Enabled);
        Assert.Null(state.Expires);
    }

    [Fact]
    public void ClientEnabledAtRunTimeStaysEnabledDespiteSectionSayingDisabled()
    {
        var saved = Saved(Section(enabled: false)).WithSettings(s => s with { Enabled = true });

        Assert.True(RestoreOne(Section(enabled: false), saved).Settings.Enabled);
    }

    [Fact]
    public void ExpiredClientThatNeverPassedACheckerIsDisabled()
    {
        var saved = Saved(Section()) with { Expires = Now.AddMinutes(-1), LastCheckedOk = null, LastCheckerStatus = -2 };

        var merged = StateMerger.Merge([Section()], new StateLoadResult([saved], []), Now);

        var state = Assert.Single(merged.Clients).State;
        Assert.False(state.Settings.Enabled);
        Assert.Null(state.Expires);
        Assert.Equal("disabling client foo - Client never performed a successful checker", Assert.Single(merged.Warnings));
    }

    [Fact]
    public void ExpiredClientWhoseLastCheckerFailedIsDisabled()
    {
        var saved = Saved(Section()) with { Expires = Now, LastCheckerStatus = 1 };

        var merged = StateMerger.Merge([Section()], new StateLoadResult([saved], []), Now);

        Assert.False(Assert.Single(merged.Clients).State.Settings.Enabled);
        Assert.Equal("disabling client foo - Client last checker failed with error code 1", Assert.Single(merged.Warnings));
    }

    [Fact]
    public void ExpiredClientWhoseLastCheckerWasKilledIsDisabled()
    {
        var saved = Saved(Section()) with { Expires = Now.AddDays(-1), LastCheckerStatus = -1, LastCheckerSignal = 9 };

        Assert.False(RestoreOne(Section(), saved).Settings.Enabled);
    }

    [Fact]
    public void ExpiredClientWhoseLastCheckerSucceededGetsAFullTimeoutFromNow()
    {
        var saved = Saved(Section()).WithSettings(s => s with { Timeout = TimeSpan.FromMinutes(7) }) with { Expires = Now.AddMinutes(-1) };

        var merged = StateMerger.Merge([Section()], new StateLoadResult([saved], []), Now);

        var state = Assert.Single(merged.Clients).State;
        Assert.True(state.Settings.Enabled);
        Assert.Equal(Now + TimeSpan.FromMinutes(7), state.Expires);
        Assert.Empty(merged.Warnings);
    }

    [Fact]
    public void ClientNotYetExpiredKeepsItsExpiry()
    {
        var saved = Saved(Section()) with { Expires = Now.AddSeconds(1), LastCheckedOk = null };

        var state = RestoreOne(Section(), saved);

        Assert.True(state.Settings.Enabled);
        Assert.Equal(Now.AddSeconds(1), state.Expires);
    }

    [Fact]
    public void EditedValueWinsOverTheRunTimeValue()
    {
        var saved = Saved(Section()).WithSettings(s => s with { Timeout = TimeSpan.FromMinutes(42), Host = "runtime.example" });
        var edited = Section().WithSettings(s => s with { Timeout = TimeSpan.FromMinutes(9) });

        var state = RestoreOne(edited, saved);

        Assert.Equal(TimeSpan.FromMinutes(9), state.Settings.Timeout);
        Assert.Equal("runtime.example", state.Settings.Host); // not edited: run-time value kept
    }

    [Fact]
    public void UnchangedSectionKeepsEveryRunTimeValue()
    {
        var section = Section();
        var saved = EveryFieldSet("foo") with { Applied = section.Settings, EncryptedSecret = null };

        var state = RestoreOne(section, saved);

        // All but the key, which only clients.conf gives (TheKeyAlwaysComesFromTheSectionNeverFromSavedState).
        Assert.Equal(saved.WithSettings(s => s with { KeyId = section.Settings.KeyId, Fingerprint = section.Settings.Fingerprint }), state);
    }

    [Fact]
    public void EveryEditedValueWins()
    {
        var section = Section();
        // A boolean edit is visible only where the run-time value still equals the applied one.
        var saved = EveryFieldSet("foo").WithSettings(s => s with { ApprovedByDefault = section.Settings.ApprovedByDefault })
            with
        { Applied = section.Settings, EncryptedSecret = null };
        var edited = section with
        {
            Settings = new ClientSettings
            {
                KeyId = "11", Fingerprint = "22", Host = "h",
                Timeout = TimeSpan.FromSeconds(1), ExtendedTimeout = TimeSpan.FromSeconds(2), Interval = TimeSpan.FromSeconds(3),
                ApprovalDelay = TimeSpan.FromSeconds(4), ApprovalDuration = TimeSpan.FromSeconds(5),
                ApprovedByDefault = !section.Settings.ApprovedByDefault, Enabled = !section.Settings.Enabled, Checker = "c",
            },
        };

        var state = RestoreOne(edited, saved);

        Assert.Equal(ClientState.Fresh(edited, Now), state with
        {
            LastEnabled = null,
            Expires = null,
            LastCheckedOk = null,
            LastCheckerStatus = -2,
            LastCheckerSignal = null,
            LastApprovalRequest = null,
            Created = Now,
        });
    }

    [Fact]
    public void RunTimeFieldsComeFromTheSavedState()
    {
        var saved = Saved(Section()) with
        {
            LastApprovalRequest = Now.AddHours(-5),
            LastCheckerSignal = 15,
            LastCheckerStatus = 0,
            LastEnabled = Now.AddDays(-3),
        };

        var state = RestoreOne(Section(), saved);

        Assert.Equal(saved, state);
    }

    [Fact]
    public void AppliedValuesBecomeTheNewSectionSoTheNextRestartComparesWithIt()
    {
        var saved = Saved(Section()).WithSettings(s => s with { Timeout = TimeSpan.FromMinutes(42) });
        var edited = Section().WithSettings(s => s with { Timeout = TimeSpan.FromMinutes(9) });

        var first = RestoreOne(edited, saved);
        var second = RestoreOne(edited, first.WithSettings(s => s with { Timeout = TimeSpan.FromMinutes(77) }));

        Assert.Equal(edited.Settings, first.Applied);
        Assert.Equal(TimeSpan.FromMinutes(77), second.Settings.Timeout);
    }

    [Fact]
    public void SavedSecretIsUsedWhenItOpensWithTheConfiguredSecret()
    {
        var section = Section();
        var saved = Saved(section) with { EncryptedSecret = SecretSealer.Seal("foo", [7, 7, 7], section.Secret) };

        var merged = StateMerger.Merge([section], new StateLoadResult([saved], []), Now);

        var client = Assert.Single(merged.Clients);
        Assert.Equal([7, 7, 7], client.Secret);
        Assert.Equal(saved.EncryptedSecret, client.State.EncryptedSecret);
        Assert.Empty(merged.DebugNotes);
    }

    [Fact]
    public void ConfiguredSecretWinsWhenItChanged()
    {
        var saved = Saved(Section()) with { EncryptedSecret = SecretSealer.Seal("foo", [7, 7, 7], Section().Secret) };
        var rekeyed = Section(secret: [5, 5, 5, 5]);

        var merged = StateMerger.Merge([rekeyed], new StateLoadResult([saved], []), Now);

        var client = Assert.Single(merged.Clients);
        Assert.Equal([5, 5, 5, 5], client.Secret);
        Assert.Null(client.State.EncryptedSecret);
        Assert.Equal("Failed to decrypt foo old secret", Assert.Single(merged.DebugNotes));
    }

    [Fact]
    public void ConfiguredSecretIsUsedWhenNoneWasSaved()
    {
        var merged = StateMerger.Merge([Section()], new StateLoadResult([Saved(Section())], []), Now);

        Assert.Equal(Section().Secret, Assert.Single(merged.Clients).Secret);
    }

    [Fact]
    public void ClientGoneFromTheConfigurationDisappears()
    {
        var saved = new StateLoadResult([Saved(Section("foo")), Saved(Section("bar"))], []);

        var merged = StateMerger.Merge([Section("bar")], saved, Now);

        Assert.Equal("bar", Assert.Single(merged.Clients).State.Name);
    }

    [Fact]
    public void NewClientStartsFresh()
    {
        var merged = StateMerger.Merge([Section("new"), Section("off", enabled: false)], NothingSaved, Now);

        Assert.Equal(ClientState.Fresh(Section("new"), Now), merged.Clients[0].State);
        Assert.Equal(Now, merged.Clients[0].State.Created);
        Assert.Equal(Now, merged.Clients[0].State.LastEnabled);
        Assert.Equal(-2, merged.Clients[0].State.LastCheckerStatus);
        Assert.Null(merged.Clients[1].State.LastEnabled);
        Assert.False(merged.Clients[1].State.Settings.Enabled);
        Assert.Equal(Section("new").Secret, merged.Clients[0].Secret);
    }

    [Fact]
    public void ClientsComeInConfigurationOrder()
    {
        var saved = new StateLoadResult([Saved(Section("a")), Saved(Section("b"))], []);

        var merged = StateMerger.Merge([Section("c"), Section("b"), Section("a")], saved, Now);

        Assert.Equal(["c", "b", "a"], merged.Clients.Select(c => c.State.Name));
    }

    [Fact]
    public void RemovedClientStaysRemovedWhileItsSectionIsUnchanged()
    {
        var marker = new RemovedClient("foo", Section().Settings);

        var merged = StateMerger.Merge([Section(), Section("bar")], new StateLoadResult([], [marker]), Now);

        Assert.Equal("bar", Assert.Single(merged.Clients).State.Name);
        Assert.Equal(marker, Assert.Single(merged.Removed)); // kept, to be saved again
    }

    [Fact]
    public void RemovedClientComesBackFreshWhenItsSectionIsEdited()
    {
        var marker = new RemovedClient("foo", Section().Settings);
        var edited = Section().WithSettings(s => s with { KeyId = "NEWKEY" });

        var merged = StateMerger.Merge([edited], new StateLoadResult([], [marker]), Now);

        Assert.Equal(ClientState.Fresh(edited, Now), Assert.Single(merged.Clients).State);
        Assert.Empty(merged.Removed);
    }

    [Fact]
    public void RemovedMarkerIsDroppedWhenTheSectionIsGone()
    {
        var marker = new RemovedClient("foo", Section().Settings);

        var gone = StateMerger.Merge([], new StateLoadResult([], [marker]), Now);
        var readded = StateMerger.Merge([Section()], new StateLoadResult([], gone.Removed), Now);

        Assert.Empty(gone.Removed);
        Assert.True(Assert.Single(readded.Clients).State.Settings.Enabled);
    }

    private static ClientState RestoreOne(ClientSection section, ClientState saved) =>
        Assert.Single(StateMerger.Merge([section], new StateLoadResult([saved], []), Now).Clients).State;
}
