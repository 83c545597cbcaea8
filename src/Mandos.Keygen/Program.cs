using Mandos.Core.CommandLine;
using Mandos.Core.Errors;
using Mandos.Core.Keys;
using Mandos.Keygen;

// mandos-keygen: creates a Mandos client's key files, or (password mode) prints the client's
// clients.conf section holding a password encrypted to those keys.
return TopLevelGuard.Run("mandos-keygen", "making the keys or the password section", args, () =>
{
    try
    {
        KeygenOptions options = KeygenOptions.Parse(args);
        switch (options.InfoRequest)
        {
            case "help":
                StandardStreams.Output.Write(UsageText.Help);
                return 0;
            case "version":
                StandardStreams.Output.WriteLine("mandos-keygen 1.8.18");
                return 0;
        }
        KeyDirectory directory = KeyDirectory.Open(options.Directory ?? KeyDirectory.DefaultPath(), !options.PasswordMode);
        string name = options.Name ?? HostName.FullyQualified();
        if (options.PasswordMode)
        {
            ClientSection section = ClientSectionCreator.Create(options, directory, name, StandardStreams.Error);
            StandardStreams.Output.Write(ClientSectionPrinter.Format(section));
        }
        else
        {
            KeySetCreator.Run(options, directory, name, StandardStreams.Output);
        }
        return 0;
    }
    catch (UsageException e)
    {
        StandardStreams.Error.WriteLine($"mandos-keygen: {ErrorText.Of(e)}");
        return 1;
    }
    catch (Exception e) when (e is KeygenException or KeyFileException)
    {
        StandardStreams.Error.WriteLine(ErrorText.Of(e));
        return 1;
    }
});
