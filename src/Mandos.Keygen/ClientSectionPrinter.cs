using System.Text;

namespace Mandos.Keygen;

/// <summary>Formats a <see cref="ClientSection"/> exactly as upstream's mandos-keygen prints it.</summary>
internal static class ClientSectionPrinter
{
    public static string Format(ClientSection section)
    {
        var text = new StringBuilder();
        text.Append('[').Append(section.Name).Append("]\n");
        text.Append("host = ").Append(section.Name).Append('\n');
        if (section.KeyId is not null)
        {
            text.Append("key_id = ").Append(section.KeyId).Append('\n');
        }
        text.Append("fingerprint = ").Append(section.Fingerprint).Append('\n');
        text.Append("secret =\n");
        foreach (string line in ArmorBody(section.ArmoredSecret))
        {
            text.Append("    ").Append(line).Append('\n');
        }
        if (section.SshHostKey is SshHostKey ssh)
        {
            AppendChecker(text, ssh);
        }
        return text.ToString();
    }

    /// <summary>The base64 lines of an armored message: no armor lines, headers, blank lines or CRC-24.</summary>
    public static IEnumerable<string> ArmorBody(string armored)
    {
        bool inHeaders = true;
        foreach (string raw in armored.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.StartsWith("-----", StringComparison.Ordinal))
            {
                inHeaders = true;
                continue;
            }
            if (inHeaders)
            {
                inHeaders = line.Length > 0;
                continue;
            }
            if (line.Length > 0 && line[0] != '=')
            {
                yield return line;
            }
        }
    }

    // %(ssh_fingerprint)s is expanded by the server when it reads the file, %%(host)s when it runs the checker.
    private static void AppendChecker(StringBuilder text, SshHostKey ssh)
    {
        string quiet = ssh.Quiet ? "-q " : "";
        if (ssh.Quiet)
        {
            text.Append("# The -q option below needs OpenSSH 9.8 or later on the Mandos server;\n");
            text.Append("# remove it from the checker if the server has an older ssh-keyscan.\n");
        }
        text.Append("checker = ssh-keyscan ").Append(quiet).Append("-t ").Append(ssh.KeyType)
            .Append(" %%(host)s 2>/dev/null | grep --fixed-strings --line-regexp --quiet --regexp=%%(host)s\" %(ssh_fingerprint)s\"\n");
        text.Append("ssh_fingerprint = ").Append(ssh.Fingerprint).Append('\n');
    }
}
