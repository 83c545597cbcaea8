using Mandos.Ctl.Bus;
using Mandos.Ctl.Cli;
using Mandos.Ctl.Commands;
using Mandos.Ctl.Tests.Output;

namespace Mandos.Ctl.Tests.Commands;

/// <summary>What each command asks of the server, for the clients selected.</summary>
[Lane(Lane.Unit)]
public sealed class CommandRunTests
{
    [Fact]
    public async Task EachActionRunsOnEverySelectedClientInOrder()
    {
        var server = new RecordingServer(SampleClients.All);
        int? exit = await RunAsync(server, ["-e", "-D", "-t", "PT1S", "foo", "barbar"]);
        Assert.Null(exit);
        Assert.Equal(new[]
        {
            "Set /clients/foo Enabled=" + Tmds.DBus.Protocol.VariantValue.Bool(true),
            "Set /clients/barbar Enabled=" + Tmds.DBus.Protocol.VariantValue.Bool(true),
            "Approve /clients/foo False",
            "Approve /clients/barbar False",
            "Set /clients/foo Timeout=" + Tmds.DBus.Protocol.VariantValue.UInt64(1000),
            "Set /clients/barbar Timeout=" + Tmds.DBus.Protocol.VariantValue.UInt64(1000),
        }, server.Calls);
    }

    [Fact]
    public async Task RemoveWithDenyDeniesFirst()
    {
        var server = new RecordingServer(SampleClients.All);
        await RunAsync(server, ["--remove", "--deny", "foo"]);
        Assert.Equal(["Approve /clients/foo False", "RemoveClient /clients/foo"], server.Calls);
    }

    [Theory]
    [InlineData("foo", 0)]
    [InlineData("\u00fcn\u00ef\U0001F600", 1)]
    public async Task IsEnabledExitsZeroOnlyForAnEnabledClient(string name, int exit)
    {
        var server = new RecordingServer(SampleClients.All);
        Assert.Equal(exit, await RunAsync(server, ["--is-enabled", name]));
        Assert.Empty(server.Calls);
    }

    [Fact]
    public void NamedClientsAreSelectedInTheOrderNamedOnce()
    {
        var selected = ClientSelection.Select(SampleClients.All, ["barbar", "foo", "barbar"]);
        Assert.Equal(["barbar", "foo"], selected.Select(c => c.Name));
    }

    [Fact]
    public void AnUnknownNameIsReportedAsUpstreamDoes()
    {
        var e = Assert.Throws<ClientNotFoundException>(() => ClientSelection.Select(SampleClients.All, ["foo", "it's"]));
        Assert.Equal("Client not found on server: \"it's\"", e.Message);
    }

    private static async Task<int?> RunAsync(RecordingServer server, string[] args)
    {
        CtlRequest request = CtlCommandLine.Parse(args, _ => { });
        var clients = ClientSelection.Select(await server.GetClientsAsync(), request.ClientNames);
        var context = new CommandContext(server, clients, TextWriter.Null);
        foreach (ClientCommand command in request.Commands)
        {
            if (await command.RunAsync(context) is int exit)
            {
                return exit;
            }
        }
        return null;
    }
}
