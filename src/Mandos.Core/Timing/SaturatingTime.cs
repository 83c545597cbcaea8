namespace Mandos.Core.Timing;

/// <summary>
/// Date arithmetic for configured durations: a <see cref="TimeSpan"/> holds about 29,000 years
/// but a <see cref="DateTime"/> ends in the year 9999, so "now plus a timeout" of thousands of
/// years would throw. Such an instant is as good as never; it is kept as the last representable
/// one (<see cref="DateTime.MaxValue"/>, or <see cref="DateTime.MinValue"/> going back).
/// </summary>
public static class SaturatingTime
{
    public static DateTime Add(DateTime instant, TimeSpan duration)
    {
        if (duration >= TimeSpan.Zero)
        {
            return duration.Ticks > DateTime.MaxValue.Ticks - instant.Ticks
                ? DateTime.SpecifyKind(DateTime.MaxValue, instant.Kind)
                : instant + duration;
        }
        return duration == TimeSpan.MinValue || -duration.Ticks > instant.Ticks
            ? DateTime.SpecifyKind(DateTime.MinValue, instant.Kind)
            : instant + duration;
    }

    public static DateTimeOffset Add(DateTimeOffset instant, TimeSpan duration) =>
        new(Add(instant.UtcDateTime, duration), TimeSpan.Zero);
}
