using System.Net;

namespace Mandos.Client.Network;

/// <summary>Temporary on-link host routes to a discovered server that no route leads to (root work, done for the network side).</summary>
public interface ITemporaryRoutes
{
    /// <summary>Adds a route to <paramref name="address"/> through the interface; whether it was added.</summary>
    Task<bool> AddAsync(IPAddress address, int interfaceIndex);

    Task DeleteAsync(IPAddress address, int interfaceIndex);
}
