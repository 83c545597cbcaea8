namespace Mandos.Integration.Tests.Harness;

/// <summary>Writes a configuration directory: mandos.conf and a clients.conf holding the given sections.</summary>
public static class ClientsConf
{
    /// <summary>Test clients use <c>checker = true</c>: the default fping is absent and would disable them.</summary>
    public static string Write(string configDir, IEnumerable<string> sections, string defaults = "checker = true\n")
    {
        Directory.CreateDirectory(configDir);
        File.SetUnixFileMode(configDir, (UnixFileMode)0b111_101_101);
        string clients = Path.Combine(configDir, "clients.conf");
        File.WriteAllText(clients, "[DEFAULT]\n" + defaults + "\n" + string.Join("\n", sections));
        File.WriteAllText(Path.Combine(configDir, "mandos.conf"), "[DEFAULT]\n");
        // Debian's server reads clients.conf after dropping to _mandos.
        File.SetUnixFileMode(clients, (UnixFileMode)0b110_100_100);
        File.SetUnixFileMode(Path.Combine(configDir, "mandos.conf"), (UnixFileMode)0b110_100_100);
        return configDir;
    }
}
