namespace Mandos.Server.Zeroconf;

/// <summary>AvahiServerState of avahi-common/defs.h, as the Server's GetState and StateChanged give it.</summary>
public enum AvahiServerState
{
    Invalid = 0,
    Registering = 1,
    Running = 2,
    Collision = 3,
    Failure = 4,
}
