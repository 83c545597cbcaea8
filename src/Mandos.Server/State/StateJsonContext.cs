using System.Text.Json.Serialization;
using Mandos.Server.Config;

namespace Mandos.Server.State;

/// <summary>
/// Source-generated (NativeAOT-safe) JSON for the state file. Nulls are left out to keep a file
/// of thousands of clients small; nullable and required annotations are enforced on reading,
/// so a damaged file is rejected instead of yielding half-filled records.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    Converters = [typeof(UtcDateTimeConverter)])]
[JsonSerializable(typeof(StateDocument))]
[JsonSerializable(typeof(StateHeader))]
[JsonSerializable(typeof(ClientState))]
[JsonSerializable(typeof(ClientSettings))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
