using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Mandos.Server.State;

/// <summary>
/// Keeps <c>clients.json</c> at one flat object per client: its current settings stand beside its
/// name, applied settings and run-time state. <see cref="ClientState"/> holds those settings as one
/// <see cref="Config.ClientSettings"/>, so this writes their members inline and, reading, gathers
/// them back by the names ClientSettings has; a setting added there reaches the file with no change
/// here. The two records must therefore not share a JSON name (StateFileTests checks). Both ways
/// go member by member through the source-generated contracts, with no reflection.
/// </summary>
internal sealed class ClientStateListConverter : JsonConverter<IReadOnlyList<ClientState>>
{
    private static readonly string SettingsMember = JsonNamingPolicy.SnakeCaseLower.ConvertName(nameof(ClientState.Settings));

    /// <summary>The JSON names of the members of <see cref="Config.ClientSettings"/>.</summary>
    internal static IReadOnlySet<string> SettingNames { get; } =
        Context.ClientSettings.Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The JSON names of the members of <see cref="ClientState"/>, its settings being one.</summary>
    internal static IReadOnlySet<string> StateNames { get; } =
        Context.ClientState.Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    private static StateJsonContext Context => StateJsonContext.Default;

    public override IReadOnlyList<ClientState> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var clients = JsonDocument.ParseValue(ref reader);
        if (clients.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException($"clients is {clients.RootElement.ValueKind}, not an array");
        }

        var states = new List<ClientState>(clients.RootElement.GetArrayLength());
        var nested = new ArrayBufferWriter<byte>();
        foreach (var client in clients.RootElement.EnumerateArray())
        {
            var state = client.ValueKind == JsonValueKind.Object
                ? JsonSerializer.Deserialize(Nested(client, nested), Context.ClientState)
                : client.Deserialize(Context.ClientState);
            states.Add(state ?? throw new JsonException("a client is null"));
        }

        return states;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<ClientState> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var state in value)
        {
            writer.WriteStartObject();
            WriteMembers(writer, state, Context.ClientState);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    // Null members are left out, as the context's DefaultIgnoreCondition does; the settings go inline.
    private static void WriteMembers(Utf8JsonWriter writer, object owner, JsonTypeInfo contract)
    {
        foreach (var member in contract.Properties)
        {
            if (member.Get?.Invoke(owner) is not { } value)
            {
                continue;
            }

            if (member.Name == SettingsMember)
            {
                WriteMembers(writer, value, Context.ClientSettings);
                continue;
            }

            writer.WritePropertyName(member.Name);
            JsonSerializer.Serialize(writer, value, Context.GetTypeInfo(member.PropertyType)!);
        }
    }

    // The client's object as ClientState's own contract has it: its settings in an object of their own.
    private static ReadOnlySpan<byte> Nested(JsonElement flat, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        writer.WriteStartObject(SettingsMember);
        foreach (var member in flat.EnumerateObject().Where(m => SettingNames.Contains(m.Name)))
        {
            member.WriteTo(writer);
        }

        writer.WriteEndObject();
        foreach (var member in flat.EnumerateObject().Where(m => !SettingNames.Contains(m.Name)))
        {
            member.WriteTo(writer);
        }

        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenSpan;
    }
}
