namespace Mandos.Integration.Tests.Harness;

/// <summary>A running Mandos server on 127.0.0.1 (ours or Debian's) whose log the test can read.</summary>
public interface IMandosServer : IAsyncDisposable
{
    int Port { get; }

    string Name { get; }

    /// <summary>What the server logged so far.</summary>
    string Log { get; }
}
