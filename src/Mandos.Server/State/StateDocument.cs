using System.Text.Json.Serialization;

namespace Mandos.Server.State;

/// <summary>The whole of <c>clients.json</c>. <see cref="Format"/> comes first so a reader can tell versions apart.</summary>
internal sealed record StateDocument
{
    public const int CurrentFormat = 1;

    public required int Format { get; init; }

    [JsonConverter(typeof(ClientStateListConverter))]
    public required IReadOnlyList<ClientState> Clients { get; init; }

    public required IReadOnlyList<RemovedClient> Removed { get; init; }
}
