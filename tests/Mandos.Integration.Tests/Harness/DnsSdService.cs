namespace Mandos.Integration.Tests.Harness;

/// <summary>
/// One resolved DNS-SD service as <c>avahi-browse --parsable --resolve</c> prints it (a line
/// starting with '='): where it was seen, its instance name, host, address, port and TXT records.
/// </summary>
public sealed record DnsSdService(string Interface, string Protocol, string Name, string Type, string Domain,
    string HostName, string Address, int Port, string Txt)
{
    /// <summary>
    /// Parses a '=' line; null for any other. Fields are ';'-separated, and avahi-browse escapes
    /// ';', '\' and unprintable bytes in names as <c>\DDD</c> (decimal) or <c>\c</c>.
    /// </summary>
    public static DnsSdService? Parse(string line)
    {
        string[] f = line.Split(';');
        if (f.Length < 10 || f[0] != "=")
        {
            return null;
        }
        return new DnsSdService(f[1], f[2], Unescape(f[3]), f[4], f[5], f[6], f[7], int.Parse(f[8]), string.Join(';', f[9..]));
    }

    private static string Unescape(string s)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 3 < s.Length && s.AsSpan(i + 1, 3).ContainsAnyExceptInRange('0', '9') is false)
            {
                bytes.Add(byte.Parse(s.AsSpan(i + 1, 3)));
                i += 3;
            }
            else if (s[i] == '\\' && i + 1 < s.Length)
            {
                bytes.Add((byte)s[++i]);
            }
            else
            {
                bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(s[i].ToString()));
            }
        }
        return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
    }
}
