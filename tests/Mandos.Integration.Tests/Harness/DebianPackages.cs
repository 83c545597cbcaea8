namespace Mandos.Integration.Tests.Harness;

/// <summary>
/// Debian's mandos, mandos-client and mandos-keygen: the reference peers. Interop tests fail (not
/// skip) without them: .ci/run installs them, `make deps` does too.
/// </summary>
public static class DebianPackages
{
    public const string Client = "/usr/lib/x86_64-linux-gnu/mandos/plugins.d/mandos-client";
    public const string Server = "/usr/sbin/mandos";
    public const string Keygen = "/usr/sbin/mandos-keygen";
    public const string Ctl = "/usr/sbin/mandos-ctl";

    public static void Require()
    {
        foreach (string program in new[] { Client, Server, Keygen })
        {
            if (!File.Exists(program))
            {
                throw new InvalidOperationException(
                    $"{program} is missing: install Debian's mandos and mandos-client (`make deps` or `bash tools/install-deps.sh`)");
            }
        }
    }
}
