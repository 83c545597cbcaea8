namespace Mandos.Monitor.DBus;

/// <summary>What the server tells the monitor over D-Bus, decoded. Called on the UI's thread.</summary>
public interface IServerEvents
{
    /// <summary>GetAllClientsWithProperties answered (at start, or after the server came back).</summary>
    void ClientsListed(IReadOnlyDictionary<string, IReadOnlyDictionary<string, object>> clients);

    /// <summary>GetAllClientsWithProperties failed: no server owns the bus name.</summary>
    void ServerUnreachable();

    /// <summary>The bus name lost its owner (the server stopped or crashed).</summary>
    void ServerGone();

    void ClientAdded(string path, IReadOnlyDictionary<string, object> properties);

    void ClientRemoved(string path);

    void ClientNotFound(string keyId, string address);

    void PropertiesChanged(string path, IReadOnlyDictionary<string, object> changes);

    void CheckerCompleted(string path, short exitCode, long waitStatus, string command);

    void CheckerStarted(string path, string command);

    void GotSecret(string path);

    void NeedApproval(string path, ulong timeoutMilliseconds, bool approvedByDefault);

    void Rejected(string path, string reason);
}
