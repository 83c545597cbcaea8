namespace Mandos.Integration.Tests.Harness;

/// <summary>
/// A <see cref="VirtualLan"/> of link-local hosts that run their own <see cref="AvahiDaemon"/> on the
/// shared link, then more hosts without one (as a client's initramfs, which has no daemon).
/// Everything is stopped and deleted at dispose.
/// </summary>
public sealed class AvahiLan : IAsyncDisposable
{
    private readonly VirtualLan _lan;
    private readonly List<AvahiDaemon> _daemons = [];

    private AvahiLan(VirtualLan lan) => _lan = lan;

    public IReadOnlyList<LanHost> Hosts => _lan.Hosts;

    /// <summary>The daemon of host <c>i</c> (from 0), for the first hosts only.</summary>
    public IReadOnlyList<AvahiDaemon> Avahi => _daemons;

    public static async Task<AvahiLan> CreateAsync(int hostsWithAvahi, int hostsWithout = 0)
    {
        var lan = new AvahiLan(await VirtualLan.CreateAsync());
        try
        {
            for (int i = 0; i < hostsWithAvahi + hostsWithout; i++)
            {
                await lan._lan.AddLinkLocalHostAsync();
            }
            // Started together: each spends about a second probing its host name.
            Task<AvahiDaemon>[] starting = lan.Hosts.Take(hostsWithAvahi).Select(h => AvahiDaemon.StartAsync(h.Namespace, h.Link)).ToArray();
            try
            {
                await Task.WhenAll(starting);
            }
            finally
            {
                lan._daemons.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }
        }
        catch
        {
            await lan.DisposeAsync();
            throw;
        }
        return lan;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (AvahiDaemon daemon in _daemons)
        {
            await daemon.DisposeAsync();
        }
        await _lan.DisposeAsync();
    }
}
