namespace Mandos.Server.Zeroconf;

/// <summary>AvahiEntryGroupState of avahi-common/defs.h, as an EntryGroup's StateChanged gives it.</summary>
public enum AvahiEntryGroupState
{
    Uncommitted = 0,
    Registering = 1,
    Established = 2,
    Collision = 3,
    Failure = 4,
}
