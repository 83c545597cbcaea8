using Mandos.Core.CommandLine;
using Mandos.Core.Errors;
using Mandos.Core.Keys;
using Mandos.Keygen;
using Mandos.Keygen.Preflight;
using Mandos.Keygen.Preflight.Network;

// mandos-keygen: creates a Mandos client's key files, or (password mode) prints the client's
// clients.conf section holding a password encrypted to those keys, or (--test) checks whether
// the next boot would unlock.

// Children are reaped by us, whatever the parent left SIGCHLD as: their exit status and their
// process ids stay ours until then.
Mandos.Core.Posix.ChildStatus.ReapChildrenOurselves();

// The network probe of --test: this executable started again, without root, by ProbeRunner.
if (Environment.GetEnvironmentVariable(ProbeRequest.Variable) is not null)
{
    return TopLevelGuard.Run("mandos-keygen", "asking a server for this client's secret", args, ProbeSide.Run);
}

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
        if (options.Test)
        {
            if (options.PasswordMode)
            {
                throw new KeygenException("--test cannot be combined with --password or --passfile");
            }
            return PreflightTest.Run(options, options.Directory ?? KeyDirectory.DefaultPath(), StandardStreams.Output);
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
