using System.Text;
using System.Text.Json;

namespace Mandos.Keygen.Preflight.Report;

/// <summary>
/// The report for monitoring (<c>--json</c>): one object,
/// <c>{"unlocks": BOOL, "checks": [{"check", "status" (ok|warning|failed), "message", "fix"?}]}</c>.
/// </summary>
internal static class JsonReport
{
    public static string Format(PreflightReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteBoolean("unlocks", report.WouldUnlock);
            json.WriteStartArray("checks");
            foreach (CheckResult check in report.Checks)
            {
                json.WriteStartObject();
                json.WriteString("check", check.Check);
                json.WriteString("status", check.Status switch
                {
                    CheckStatus.Ok => "ok",
                    CheckStatus.Warning => "warning",
                    _ => "failed",
                });
                json.WriteString("message", check.Message);
                if (check.Fix is not null)
                {
                    json.WriteString("fix", check.Fix);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
