using System.Collections.Concurrent;
using System.Diagnostics;
using Mandos.Core.Keys;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Mandos.Bench.LoadGen;

/// <summary>
/// N workers, each looping over requests one after another. Requests that start during the
/// warm-up are run but not counted; after the measured part no new request starts.
/// </summary>
public sealed class LoadRunner(LoadOptions options)
{
    private readonly ConcurrentDictionary<string, int> _errors = new();
    private long _measuredStarted;

    public async Task<LoadResult> RunAsync(CancellationToken cancel)
    {
        TlsKeyPair keys = TlsKeyPair.Load(options.TlsPublicKey, options.TlsPrivateKey);
        long start = Stopwatch.GetTimestamp();
        long measureFrom = start + Ticks(options.WarmupSeconds);
        long measureUntil = measureFrom + Ticks(options.DurationSeconds);

        var workers = new Task<WorkerTally>[options.Concurrency];
        for (int i = 0; i < workers.Length; i++)
        {
            // One crypto object (and random generator) per worker: no shared lock between them.
            var request = new MandosRequest(new BcTlsCrypto(new SecureRandom()), keys.PrivateKey, keys.SubjectPublicKeyInfo);
            workers[i] = Task.Run(() => WorkAsync(request, measureFrom, measureUntil, cancel), cancel);
        }
        WorkerTally[] tallies = await Task.WhenAll(workers).ConfigureAwait(false);
        long end = Stopwatch.GetTimestamp();
        // The whole process (start-up and JIT included), so a script can tell its CPU use apart.
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;

        var latencies = new List<double>();
        long ok = 0, failed = 0, all = 0;
        foreach (WorkerTally t in tallies)
        {
            all += t.All;
            latencies.AddRange(t.LatenciesMs);
            ok += t.Ok;
            failed += t.Failed;
        }
        latencies.Sort();
        double seconds = Stopwatch.GetElapsedTime(Math.Min(measureFrom, end), end).TotalSeconds;
        return new LoadResult(options.Concurrency, ok, failed, all, seconds, latencies.ToArray(),
            cpu.TotalSeconds, new Dictionary<string, int>(_errors));
    }

    private async Task<WorkerTally> WorkAsync(MandosRequest request, long measureFrom, long measureUntil, CancellationToken cancel)
    {
        var tally = new WorkerTally();
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        while (!cancel.IsCancellationRequested)
        {
            long begin = Stopwatch.GetTimestamp();
            if (begin >= measureUntil)
            {
                break;
            }
            bool measured = begin >= measureFrom;
            if (measured && options.Requests is long limit && Interlocked.Increment(ref _measuredStarted) > limit)
            {
                break;
            }
            string? error = null;
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel))
            {
                deadline.CancelAfter(timeout);
                try
                {
                    int bytes = await request.RunAsync(options.Server, deadline.Token).ConfigureAwait(false);
                    if (bytes == 0)
                    {
                        error = "no secret (0 bytes: unknown or disabled client?)";
                    }
                    else if (options.ExpectBytes is int want && bytes != want)
                    {
                        error = $"got {bytes} bytes, expected {want}";
                    }
                }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                {
                    error = $"timed out after {options.TimeoutSeconds} s";
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    error = $"{e.GetType().Name}: {e.Message}";
                }
            }
            double ms = Stopwatch.GetElapsedTime(begin).TotalMilliseconds;
            tally.All++;
            if (!measured)
            {
                continue;
            }
            if (error is null)
            {
                tally.Ok++;
                tally.LatenciesMs.Add(ms);
            }
            else
            {
                tally.Failed++;
                _errors.AddOrUpdate(error, 1, (_, n) => n + 1);
                // A refused or broken server should not be hammered in a tight loop.
                await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
            }
        }
        return tally;
    }

    private static long Ticks(double seconds) => (long)(seconds * Stopwatch.Frequency);

    private sealed class WorkerTally
    {
        public long All;
        public long Ok;
        public long Failed;
        public List<double> LatenciesMs { get; } = new();
    }
}
