using System.Diagnostics;
using System.Text.Json;
using Mandos.Integration.Tests.Harness;

namespace Mandos.Integration.Tests.Lifecycle;

/// <summary>
/// State survives crashes: 200 <c>kill -9</c>s of the server at random moments while its clients
/// change state never leave a corrupt state file, and never bring a disabled client back.
/// </summary>
[Lane(Lane.Namespace)]
[Collection(KeySetsCollection.Name)]
public sealed class CrashSafeStateTests(KeySetsFixture keys) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task KillNineNeverCorruptsStateNorReenablesADisabledClient()
    {
        string failing = keys.Unknown.ClientSection.Replace("[stranger]", "[dies]") + "checker = false\ntimeout = PT1S\ninterval = PT1S\n";
        string conf = ClientsConf.Write(_dir.Sub("conf"), [keys.Debian.ClientSection, failing],
            defaults: "checker = true\ninterval = PT1S\n");
        string state = Path.Combine(_dir.Path, "state");
        string file = Path.Combine(state, "clients.json");
        var random = new Random(1234);
        bool seenDisabled = false;
        int kills = 0, disabledSightings = 0;
        for (int i = 0; i < 200; i++)
        {
            // Mostly short lives; now and then one long enough for the failing client to expire.
            TimeSpan life = i % 20 == 19 ? TimeSpan.FromSeconds(2.5) : TimeSpan.FromMilliseconds(random.Next(0, 200));
            await using (OurServer server = await OurServer.StartAsync(conf, state, "--restore"))
            {
                await Task.Delay(life);
                Process.GetProcessById(server.ProcessId).Kill(); // SIGKILL, no chance to save
                kills++;
            }
            if (!File.Exists(file))
            {
                Assert.False(seenDisabled, "the state file vanished");
                continue;
            }
            bool? enabled = ReadEnabled(file, "dies", i);
            if (enabled == false)
            {
                seenDisabled = true;
                disabledSightings++;
            }
            Assert.False(seenDisabled && enabled == true, $"kill {i}: the disabled client came back enabled");
        }
        Assert.Equal(200, kills);
        Assert.True(seenDisabled, "the failing client was never seen disabled: the test proved nothing");
        Assert.True(disabledSightings > 1);
    }

    private static bool? ReadEnabled(string file, string client, int iteration)
    {
        byte[] bytes = File.ReadAllBytes(file);
        try
        {
            using JsonDocument doc = JsonDocument.Parse(bytes);
            Assert.Equal(1, doc.RootElement.GetProperty("format").GetInt32());
            foreach (JsonElement c in doc.RootElement.GetProperty("clients").EnumerateArray())
            {
                if (c.GetProperty("name").GetString() == client)
                {
                    return c.GetProperty("enabled").GetBoolean();
                }
            }
            return null;
        }
        catch (JsonException e)
        {
            Assert.Fail($"kill {iteration}: corrupt state file ({bytes.Length} bytes): {e.Message}");
            return null;
        }
    }
}
