namespace Mandos.PasswordAgent.Questions;

/// <summary>One ask.* file's question: where to send the answer, who asks, and until when (CLOCK_MONOTONIC µs, 0 = no limit).</summary>
public sealed record Question(string File, string Socket, int Pid, ulong NotAfter)
{
    public bool HasExpired(ulong nowMicroseconds) => NotAfter != 0 && nowMicroseconds > NotAfter;
}
