using Mandos.Bench.LoadGen;

LoadOptions options;
try
{
    if (args.Contains("--help") || args.Contains("-h"))
    {
        Console.WriteLine(LoadOptions.Usage);
        return 0;
    }
    options = LoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"mandos-loadgen: {e.Message}");
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

if (options.Profile is int exchanges)
{
    try
    {
        InMemoryProfile.Run(exchanges, Mandos.Core.Keys.TlsKeyPair.Load(options.TlsPublicKey, options.TlsPrivateKey),
            options.ExpectBytes ?? 1200);
        return 0;
    }
    catch (Exception e) when (e is Mandos.Core.Keys.KeyFileException or IOException)
    {
        Console.Error.WriteLine($"mandos-loadgen: {e.Message}");
        return 1;
    }
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
// Whatever happens, the run ends: warm-up + measured part + one request timeout + slack.
stop.CancelAfter(TimeSpan.FromSeconds(options.WarmupSeconds + options.DurationSeconds + options.TimeoutSeconds + 5));

LoadResult result;
try
{
    result = await new LoadRunner(options).RunAsync(stop.Token);
}
catch (Exception e) when (e is OperationCanceledException or Mandos.Core.Keys.KeyFileException or IOException)
{
    Console.Error.WriteLine($"mandos-loadgen: {e.Message}");
    return 1;
}
foreach ((string error, int count) in result.Errors.OrderByDescending(kv => kv.Value).Take(5))
{
    Console.Error.WriteLine($"mandos-loadgen: {count} × {error}");
}
Console.WriteLine(options.KeyValue ? result.KeyValues(options.Label) : result.Describe(options.Label));
return result.Ok > 0 ? 0 : 1;
