using Mandos.Monitor.Clients;
using Mandos.Monitor.DBus;
using Mandos.Monitor.Events;

namespace Mandos.Monitor;

/// <summary>
/// The monitor's state without a terminal: the client list and the log, kept up to date from
/// the server's events, logging what upstream logs.
/// </summary>
public sealed class MonitorSession : IServerEvents
{
    public MonitorSession(TimeProvider time)
    {
        Time = time;
        Log = new MonitorLog(time);
        Log.WriteBold(MonitorMessages.Banner);
        Log.WriteBold(MonitorMessages.QuickHelp);
    }

    public TimeProvider Time { get; }

    public MonitorLog Log { get; }

    public ClientRoster Clients { get; } = new();

    /// <summary>Raised when the client list or a client's status changed.</summary>
    public event Action? ClientsChanged;

    public void ClientsListed(IReadOnlyDictionary<string, IReadOnlyDictionary<string, object>> clients)
    {
        if (clients.Count == 0)
        {
            Log.Write(MonitorMessages.NoClients);
        }
        foreach (MonitoredClient gone in Clients.Sorted.Where(c => !clients.ContainsKey(c.ObjectPath)).ToList())
        {
            Clients.Remove(gone.ObjectPath);
        }
        foreach ((string path, IReadOnlyDictionary<string, object> properties) in clients)
        {
            Add(path, properties);
        }
        ClientsChanged?.Invoke();
    }

    public void ServerUnreachable() => Log.Write(MonitorMessages.NoServer);

    public void ServerGone()
    {
        Clients.Clear();
        ClientsChanged?.Invoke();
    }

    public void ClientAdded(string path, IReadOnlyDictionary<string, object> properties)
    {
        Add(path, properties);
        ClientsChanged?.Invoke();
    }

    public void ClientRemoved(string path)
    {
        if (!Clients.Remove(path))
        {
            Log.Write(MonitorMessages.UnknownClientRemoved(path));
            return;
        }
        ClientsChanged?.Invoke();
    }

    public void ClientNotFound(string keyId, string address) => Log.Write(MonitorMessages.ClientNotFound(keyId, address));

    public void PropertiesChanged(string path, IReadOnlyDictionary<string, object> changes)
    {
        if (Clients.TryGet(path, out MonitoredClient client) && client.Update(changes))
        {
            ClientsChanged?.Invoke();
        }
    }

    public void CheckerCompleted(string path, short exitCode, long waitStatus, string command)
    {
        if (Clients.TryGet(path, out MonitoredClient client) && MonitorMessages.CheckerCompleted(client.Name, exitCode, waitStatus, command) is LogMessage message)
        {
            Log.Write(message);
        }
    }

    public void CheckerStarted(string path, string command) => LogFor(path, name => MonitorMessages.CheckerStarted(name, command));

    public void GotSecret(string path) => LogFor(path, MonitorMessages.GotSecret);

    public void NeedApproval(string path, ulong timeoutMilliseconds, bool approvedByDefault) =>
        LogFor(path, name => MonitorMessages.NeedApproval(name, timeoutMilliseconds, approvedByDefault));

    public void Rejected(string path, string reason) => LogFor(path, name => MonitorMessages.Rejected(name, reason));

    private void Add(string path, IReadOnlyDictionary<string, object> properties)
    {
        if (Clients.Upsert(path, properties) && Clients.TryGet(path, out MonitoredClient client))
        {
            Log.Write(MonitorMessages.ClientCreated(client.Name));
        }
    }

    private void LogFor(string path, Func<string, LogMessage> message)
    {
        if (Clients.TryGet(path, out MonitoredClient client))
        {
            Log.Write(message(client.Name));
        }
    }
}
