using System.Globalization;

namespace Mandos.PasswordAgent.Questions;

/// <summary>
/// Reads a systemd password agent question file (<c>[Ask]</c> with Socket=, PID=, NotAfter=; the
/// other keys — Message, Icon, Echo, Id … — are not needed to answer). Returns null, with the
/// reason, for a question that cannot be answered.
/// </summary>
public static class QuestionFile
{
    public static Question? Parse(string file, string text, out string? problem)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        bool inAsk = false;
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }
            if (line.StartsWith('['))
            {
                inAsk = line == "[Ask]";
                continue;
            }
            int eq = line.IndexOf('=');
            if (inAsk && eq > 0)
            {
                keys[line[..eq].Trim()] = line[(eq + 1)..].Trim();
            }
        }
        problem = null;
        if (!keys.TryGetValue("Socket", out string? socket) || socket.Length == 0)
        {
            problem = "no Socket";
            return null;
        }
        if (!keys.TryGetValue("PID", out string? pidText)
            || !int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid <= 0)
        {
            problem = "no valid PID";
            return null;
        }
        ulong notAfter = 0;
        if (keys.TryGetValue("NotAfter", out string? limit)
            && !ulong.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out notAfter))
        {
            problem = "invalid NotAfter";
            return null;
        }
        return new Question(file, socket, pid, notAfter);
    }
}
