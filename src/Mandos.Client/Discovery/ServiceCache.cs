using System.Net;
using System.Net.Sockets;
using Mandos.Client.Connection;

namespace Mandos.Client.Discovery;

/// <summary>
/// What mDNS answers have told us about one service type, per interface: instances (PTR),
/// their host and port (SRV) and the hosts' addresses (A/AAAA), wherever in a response they
/// came. Goodbyes (TTL 0) withdraw records; cache-flush records replace their record set.
/// <see cref="Apply"/> returns which servers became reachable or vanished. Bounded: past
/// <see cref="MaxEntries"/> entries of a kind, new ones are ignored.
/// </summary>
public sealed class ServiceCache(DnsName serviceType)
{
    public const int MaxEntries = 256;

    private readonly HashSet<NameOnInterface> _instances = [];
    private readonly Dictionary<NameOnInterface, (DnsName Host, int Port)> _services = [];
    private readonly Dictionary<NameOnInterface, HashSet<IPAddress>> _addresses = [];
    private HashSet<ServerAddress> _reachable = [];

    public DnsName ServiceType => serviceType;

    /// <summary>Servers that can be tried now, one per address, port and interface.</summary>
    public IReadOnlyCollection<ServerAddress> Reachable => _reachable;

    /// <summary>Takes in a response received on an interface; returns what changed.</summary>
    public (IReadOnlyList<ServerAddress> Found, IReadOnlyList<ServerAddress> Lost) Apply(DnsMessage message, int interfaceIndex)
    {
        var flushed = new HashSet<(NameOnInterface, DnsRecordType)>();
        foreach (DnsRecord record in message.Records)
        {
            var key = new NameOnInterface(record.Name, interfaceIndex);
            if (record.CacheFlush && !record.IsGoodbye && flushed.Add((key, record.Type)))
            {
                Flush(key, record.Type);
            }
            switch (record.Type)
            {
                case DnsRecordType.Ptr when record.Name.Equals(serviceType) && record.Target!.IsChildOf(serviceType):
                    var instance = new NameOnInterface(record.Target, interfaceIndex);
                    if (record.IsGoodbye)
                    {
                        _instances.Remove(instance);
                    }
                    else if (_instances.Count < MaxEntries)
                    {
                        _instances.Add(instance);
                    }
                    break;
                case DnsRecordType.Srv when record.Name.IsChildOf(serviceType):
                    if (record.IsGoodbye)
                    {
                        _services.Remove(key);
                    }
                    else if (_services.Count < MaxEntries || _services.ContainsKey(key))
                    {
                        _services[key] = (record.Target!, record.Port);
                    }
                    break;
                case DnsRecordType.A or DnsRecordType.Aaaa:
                    UpdateAddress(key, record);
                    break;
            }
        }
        return Diff();
    }

    private void Flush(NameOnInterface key, DnsRecordType type)
    {
        if (type is DnsRecordType.A or DnsRecordType.Aaaa && _addresses.TryGetValue(key, out HashSet<IPAddress>? set))
        {
            AddressFamily family = type == DnsRecordType.A ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
            set.RemoveWhere(a => a.AddressFamily == family);
        }
    }

    private void UpdateAddress(NameOnInterface key, DnsRecord record)
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
        if (!_addresses.TryGetValue(key, out HashSet<IPAddress>? set))
        {
            if (_addresses.Count >= MaxEntries)
            {
                return;
            }
            _addresses[key] = set = [];
        }
        if (set.Count < 16)
        {
            set.Add(address);
        }
    }

    private (IReadOnlyList<ServerAddress>, IReadOnlyList<ServerAddress>) Diff()
    {
        var now = new HashSet<ServerAddress>();
        foreach (NameOnInterface instance in _instances)
        {
            if (_services.TryGetValue(instance, out var service)
                && _addresses.TryGetValue(new NameOnInterface(service.Host, instance.Interface), out HashSet<IPAddress>? addresses))
            {
                foreach (IPAddress address in addresses)
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
        foreach (NameOnInterface instance in _instances.Where(i => i.Interface == interfaceIndex))
        {
            if (!_services.TryGetValue(instance, out var service))
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
}
