using System.Globalization;
using System.Text;

namespace Mandos.Bench.LoadGen;

/// <summary>
/// What a run measured: counts, rate and the latency distribution of OK requests in the measured
/// part; <see cref="AllRequests"/> also counts the warm-up (to divide a server's CPU time by).
/// </summary>
public sealed record LoadResult(
    int Concurrency, long Ok, long Failed, long AllRequests, double Seconds, double[] SortedLatenciesMs,
    double LoadGenCpuSeconds, IReadOnlyDictionary<string, int> Errors)
{
    public double RequestsPerSecond => Seconds > 0 ? Ok / Seconds : 0;

    /// <summary>Nearest-rank percentile of the OK requests' latencies, NaN if there are none.</summary>
    public double Percentile(double p)
    {
        if (SortedLatenciesMs.Length == 0)
        {
            return double.NaN;
        }
        int rank = (int)Math.Ceiling(p / 100 * SortedLatenciesMs.Length);
        return SortedLatenciesMs[Math.Clamp(rank - 1, 0, SortedLatenciesMs.Length - 1)];
    }

    public double Max => SortedLatenciesMs.Length == 0 ? double.NaN : SortedLatenciesMs[^1];

    public string Describe(string label)
    {
        string prefix = label.Length > 0 ? label + ": " : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{prefix}concurrency {Concurrency}: {Ok} OK, {Failed} failed in {Seconds:0.00} s = {RequestsPerSecond:0.0} req/s; " +
            $"latency ms p50 {Percentile(50):0.00} p90 {Percentile(90):0.00} p99 {Percentile(99):0.00} max {Max:0.00}; " +
            $"load generator CPU {LoadGenCpuSeconds:0.00} s");
    }

    public string KeyValues(string label)
    {
        var s = new StringBuilder();
        if (label.Length > 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"label={label.Replace(' ', '_')} ");
        }
        s.Append(CultureInfo.InvariantCulture,
            $"concurrency={Concurrency} ok={Ok} failed={Failed} seconds={Seconds:0.000} rps={RequestsPerSecond:0.0} " +
            $"p50_ms={Percentile(50):0.00} p90_ms={Percentile(90):0.00} p99_ms={Percentile(99):0.00} max_ms={Max:0.00} " +
            $"all_requests={AllRequests} loadgen_cpu_s={LoadGenCpuSeconds:0.00}");
        return s.ToString();
    }
}
