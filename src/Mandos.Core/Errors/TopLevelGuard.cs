using Mandos.Core.Posix;

namespace Mandos.Core.Errors;

/// <summary>
/// The outermost frame of every program (each Main, and each program the multi-call executable
/// acts as): failures a user can cause are reported by the program itself; anything that still
/// escapes becomes one line, <c>PROGRAM: WHAT IT WAS DOING: failed: CAUSE</c>, and a non-zero
/// exit, never a .NET resource key or a stack trace. The stack trace is written too only when
/// the command line holds <c>--debug</c>. An exception escaping on another thread (a timer's
/// callback, a background task) is reported the same way and ends the process.
/// </summary>
public static class TopLevelGuard
{
    /// <summary>The exit status after an unexpected failure.</summary>
    public const int FailureExit = 1;

    private static readonly Lock Guarding = new();
    private static string _program = "";
    private static string _doing = "";
    private static bool _debug;
    private static bool _hooked;

    /// <summary>Runs <paramref name="body"/>, the program <paramref name="program"/> doing <paramref name="doing"/>.</summary>
    public static int Run(string program, string doing, IReadOnlyList<string> args, Func<int> body)
    {
        Enter(program, doing, args);
        try
        {
            return body();
        }
        catch (Exception e)
        {
            return Report(e);
        }
    }

    /// <summary>Like <see cref="Run"/>, for an asynchronous Main.</summary>
    public static async Task<int> RunAsync(string program, string doing, IReadOnlyList<string> args, Func<Task<int>> body)
    {
        Enter(program, doing, args);
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return Report(e);
        }
    }

    /// <summary>The line an unexpected failure gives, without the stack trace.</summary>
    public static string Sentence(string program, string doing, Exception e) => $"{program}: {doing}: failed: {ErrorText.Of(e)}";

    private static void Enter(string program, string doing, IReadOnlyList<string> args)
    {
        lock (Guarding)
        {
            _program = program;
            _doing = doing;
            _debug = args.Contains("--debug");
            if (!_hooked)
            {
                _hooked = true;
                AppDomain.CurrentDomain.UnhandledException += (_, a) =>
                {
                    Report(a.ExceptionObject as Exception ?? new InvalidOperationException());
                    ImmediateExit.Now(FailureExit);
                };
            }
        }
    }

    private static int Report(Exception e)
    {
        try
        {
            Console.Out.Flush();
        }
        catch (IOException)
        {
            // Nothing more can be written there; the error line goes to stderr anyway.
        }
        Console.Error.WriteLine(Sentence(_program, _doing, e));
        if (_debug)
        {
            Console.Error.WriteLine(e.ToString());
        }
        Console.Error.Flush();
        return FailureExit;
    }
}
