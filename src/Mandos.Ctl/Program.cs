using System.Text;
using Mandos.Core.CommandLine;
using Mandos.Core.DBus;
using Mandos.Core.Errors;
using Mandos.Ctl.Bus;
using Mandos.Ctl.Checks;
using Mandos.Ctl.Cli;
using Mandos.Ctl.Commands;
using Mandos.Ctl.Output;

// mandos-ctl: lists and controls the clients of a running Mandos server over its D-Bus API.
var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
using var output = new StreamWriter(Console.OpenStandardOutput(), utf8) { AutoFlush = false };
using var errors = new StreamWriter(Console.OpenStandardError(), utf8) { AutoFlush = true };
return await TopLevelGuard.RunAsync("mandos-ctl", "listing or controlling the server's clients", args, async () =>
{
    try
    {
        if (CtlCommandLine.WantsBuiltInChecks(args))
        {
            return BuiltInChecks.Run(errors);
        }
        CtlRequest request = CtlCommandLine.Parse(args, errors.WriteLine);
        using BusServerConnection bus = await BusServerConnection.ConnectAsync(SystemBusAddress.Current(), request.Debug ? errors : null);
        IReadOnlyList<ClientObject> clients = ClientSelection.Select(await bus.GetClientsAsync(), request.ClientNames);
        var context = new CommandContext(bus, clients, output);
        foreach (ClientCommand command in request.Commands)
        {
            if (await command.RunAsync(context) is int exit)
            {
                return exit;
            }
        }
        return 0;
    }
    catch (CommandLineExit e)
    {
        output.Write(e.Text);
        return 0;
    }
    catch (UsageException e)
    {
        errors.Write(UsageText.Usage);
        errors.WriteLine($"{UsageText.Program}: error: {ErrorText.Of(e)}");
        return 2;
    }
    catch (Exception e) when (e is ServerUnreachableException or ClientActionException or ClientNotFoundException)
    {
        output.Flush();
        errors.WriteLine(ErrorText.Of(e));
        return 1;
    }
});
