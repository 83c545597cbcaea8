using System.Net;
using System.Net.Sockets;
using Mandos.Client.Connection;

namespace Mandos.Client.Discovery;

/// <summary>
/// What mDNS answers have told us about one service type, per interface: instances (PTR),
/// their host and port (SRV) and the hosts' addresses (A/AAAA), wherever in a response they
/// came. Only what leads to a server is kept: SRV records of known instances, and addresses of
/// hosts that such an SRV names (an address heard before its SRV is dropped and asked for
/// again, see <see cref="MissingQuestions"/>), so unrelated records on the LAN cannot crowd the
/// server out. Records expire with their TTL; goodbyes (TTL 0) withdraw them; cache-flush
/// records replace their record set. <see cref="Apply"/> and <see cref="Expire"/> return which
/// servers became reachable or vanished. Bounded per interface: past <see cref="MaxInstances"/>
/// instances or <see cref="MaxAddressesPerHost"/> addresses of a host, new ones are ignored.
/// </summary>
public sealed class ServiceCache(DnsName serviceType, TimeProvider? time = null)
{
    /// <summary>Instances (and so SRV records and hosts) kept per interface.</summary>
    public const int MaxInstances = 64;

    public const int MaxAddressesPerHost = 16;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<NameOnInterface, DateTimeOffset> _instances = [];
    private readonly Dictionary<NameOnInterface, Service> _services = [];
    private readonly Dictionary<NameOnInterface, Dictionary<IPAddress, DateTimeOffset>> _addresses = [];
    private HashSet<ServerAddress> _reachable = [];

    public DnsName ServiceType => serviceType;

    /// <summary>Servers that can be tried now, one per address, port and interface.</summary>
    public IReadOnlyCollection<ServerAddress> Reachable => _reachable;

    /// <summary>Takes in a response received on an interface; returns what changed.</summary>
    public (IReadOnlyList<ServerAddress> Found, IReadOnlyList<ServerAddress> Lost) Apply(DnsMessage message, int interfaceIndex)
    {
        DateTimeOffset now = _time.GetUtcNow();
        RemoveExpired(now);
        var flushed = new HashSet<(NameOnInterface, DnsRecordType)>();
        // Instances first, then their SRV records, then addresses: within one response the order
        // of records does not matter, only what each one names.
        foreach (DnsRecord record in message.Records.OrderBy(r => r.Type switch { DnsRecordType.Ptr => 0, DnsRecordType.Srv => 1, _ => 2 }))
        {
            var key = new NameOnInterface(record.Name, interfaceIndex);
            DateTimeOffset expires = now + TimeSpan.FromSeconds(record.Ttl);
            switch (record.Type)
            {
                case DnsRecordType.Ptr when record.Name.Equals(serviceType) && record.Target!.IsChildOf(serviceType):
                    UpdateInstance(new NameOnInterface(record.Target, interfaceIndex), record.IsGoodbye, expires);
                    break;
                case DnsRecordType.Srv when _instances.ContainsKey(key):
                    if (record.IsGoodbye)
                    {
                        _services.Remove(key);
                    }
                    else
                    {
                        _services[key] = new Service(record.Target!, record.Port, expires);
                    }
                    break;
                case DnsRecordType.A or DnsRecordType.Aaaa when IsNamedHost(key):
                    if (record.CacheFlush && !record.IsGoodbye && flushed.Add((key, record.Type)))
                    {
                        Flush(key, record.Type);
                    }
                    UpdateAddress(key, record, expires);
                    break;
            }
        }
        RemoveOrphans();
        return Diff();
    }

    /// <summary>Drops what outlived its TTL; returns the servers that vanished with it.</summary>
    public (IReadOnlyList<ServerAddress> Found, IReadOnlyList<ServerAddress> Lost) Expire()
    {
        RemoveExpired(_time.GetUtcNow());
        return Diff();
    }

    private void UpdateInstance(NameOnInterface instance, bool goodbye, DateTimeOffset expires)
    {
        if (goodbye)
        {
            _instances.Remove(instance);
            RemoveOrphans();
        }
        else if (_instances.ContainsKey(instance) || _instances.Keys.Count(i => i.Interface == instance.Interface) < MaxInstances)
        {
            _instances[instance] = expires;
        }
    }

    private bool IsNamedHost(NameOnInterface host) => _services.Any(s => s.Key.Interface == host.Interface && s.Value.Host.Equals(host.Name));

    private void Flush(NameOnInterface key, DnsRecordType type)
    {
        if (_addresses.TryGetValue(key, out Dictionary<IPAddress, DateTimeOffset>? set))
        {
            AddressFamily family = type == DnsRecordType.A ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
            foreach (IPAddress address in set.Keys.Where(a => a.AddressFamily == family).ToArray())
            {
                set.Remove(address);
            }
        }
    }

    private void UpdateAddress(NameOnInterface key, DnsRecord record, DateTimeOffset expires)
    {
        IPAddress address = record.Address!;
        if (address.IsIPv6LinkLocal)
        {
            // A link-local address means nothing without the interface it was seen on.
            address = new IPAddress(address.GetAddressBytes(), key.Interface);
        }
        if (record.IsGoodbye)
        {
            _addresses.GetValueOrDefault(key)?.Remove(address);
            return;
        }
        if (!_addresses.TryGetValue(key, out Dictionary<IPAddress, DateTimeOffset>? set))
        {
            _addresses[key] = set = [];
        }
        if (set.Count < MaxAddressesPerHost || set.ContainsKey(address))
        {
            set[address] = expires;
        }
    }

    private void RemoveExpired(DateTimeOffset now)
    {
        foreach (var (instance, expires) in _instances.ToArray())
        {
            if (expires <= now)
            {
                _instances.Remove(instance);
            }
        }
        foreach (var (instance, service) in _services.ToArray())
        {
            if (service.Expires <= now)
            {
                _services.Remove(instance);
            }
        }
        foreach (Dictionary<IPAddress, DateTimeOffset> set in _addresses.Values)
        {
            foreach (var (address, expires) in set.ToArray())
            {
                if (expires <= now)
                {
                    set.Remove(address);
                }
            }
        }
        RemoveOrphans();
    }

    /// <summary>SRV records of instances that are gone, and addresses of hosts no SRV names any more.</summary>
    private void RemoveOrphans()
    {
        foreach (NameOnInterface instance in _services.Keys.Where(i => !_instances.ContainsKey(i)).ToArray())
        {
            _services.Remove(instance);
        }
        foreach (var (host, set) in _addresses.ToArray())
        {
            if (set.Count == 0 || !IsNamedHost(host))
            {
                _addresses.Remove(host);
            }
        }
    }

    private (IReadOnlyList<ServerAddress>, IReadOnlyList<ServerAddress>) Diff()
    {
        var now = new HashSet<ServerAddress>();
        foreach (var (instance, service) in _services)
        {
            if (_addresses.TryGetValue(new NameOnInterface(service.Host, instance.Interface), out Dictionary<IPAddress, DateTimeOffset>? addresses))
            {
                foreach (IPAddress address in addresses.Keys)
                {
                    now.Add(new ServerAddress(address, service.Port, instance.Interface));
                }
            }
        }
        ServerAddress[] found = now.Where(s => !_reachable.Contains(s)).ToArray();
        ServerAddress[] lost = _reachable.Where(s => !now.Contains(s)).ToArray();
        _reachable = now;
        return (found, lost);
    }

    /// <summary>Questions that would complete what we know on an interface: SRV of bare instances, addresses of bare hosts.</summary>
    public IReadOnlyList<DnsQuestion> MissingQuestions(int interfaceIndex)
    {
        var questions = new List<DnsQuestion>();
        foreach (NameOnInterface instance in _instances.Keys.Where(i => i.Interface == interfaceIndex))
        {
            if (!_services.TryGetValue(instance, out Service? service))
            {
                questions.Add(new DnsQuestion(instance.Name, DnsRecordType.Srv));
            }
            else if (_addresses.GetValueOrDefault(new NameOnInterface(service.Host, interfaceIndex)) is not { Count: > 0 })
            {
                questions.Add(new DnsQuestion(service.Host, DnsRecordType.A));
                questions.Add(new DnsQuestion(service.Host, DnsRecordType.Aaaa));
            }
        }
        return questions.Distinct().ToArray();
    }

    private readonly record struct NameOnInterface(DnsName Name, int Interface);

    private sealed record Service(DnsName Host, int Port, DateTimeOffset Expires);
}
