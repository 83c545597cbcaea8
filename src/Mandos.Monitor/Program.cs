using Mandos.Core.Errors;
using Mandos.Core.Posix;
using Mandos.Monitor;
using Mandos.Monitor.DBus;
using Mandos.Monitor.Events;
using Mandos.Monitor.Ui;
using Terminal.Gui.App;

// Upstream takes no options; --help and --version are added for the manual and packaging.
if (args.Length > 0)
{
    switch (args[0])
    {
        case "--version":
            Console.WriteLine("mandos-monitor " + MonitorMessages.Version);
            return 0;
        case "-h" or "--help":
            Console.WriteLine("""
                Usage: mandos-monitor [--help] [--version]
                Terminal user interface of the Mandos server over D-Bus (system bus,
                se.recompile.Mandos): lists the clients and their status, logs the server's
                events; keys approve, deny, enable, disable, remove clients. Press ? in it for help.

                  -h, --help     show this help and exit
                  --version      show the version and exit
                """);
            return 0;
        default:
            Console.Error.WriteLine($"mandos-monitor: unrecognized argument: {args[0]} (it takes none; see --help)");
            return 2;
    }
}

return TopLevelGuard.Run("mandos-monitor", "showing the server's clients", args, () =>
{
    bool unicode = (Environment.GetEnvironmentVariable("LC_ALL") ?? Environment.GetEnvironmentVariable("LC_CTYPE")
        ?? Environment.GetEnvironmentVariable("LANG") ?? "").Contains("UTF-8", StringComparison.OrdinalIgnoreCase);
    var session = new MonitorSession(TimeProvider.System);
    IApplication app = Application.Create().Init();
    var window = new MonitorWindow(session, unicode);
    var dispatcher = new UiDispatcher(app);
    MandosServerLink? link = null;
    _ = Task.Run(async () =>
    {
        try
        {
            link = await MandosServerLink.ConnectAsync(session, dispatcher.Post);
            dispatcher.Post(() => window.Link = link);
        }
        catch (Exception e) when (e is Tmds.DBus.Protocol.DBusConnectionException or Tmds.DBus.Protocol.DBusErrorReplyException or InvalidOperationException or IOException
                                      or System.Net.Sockets.SocketException)
        {
            dispatcher.Post(session.ServerUnreachable);
        }
    });
    // Quitting must not hang on a bus connection or a terminal thread that does not stop (either
    // may block for ever): from the q key, the main loop's stop, the
    // screen's restoration and the clean-up get five seconds, watched by a thread of its own (not a
    // thread-pool timer, which a stuck pool would never run), and the process ends with _exit once
    // the screen is restored and nothing is left to write.
    using var quitting = new ManualResetEventSlim();
    var watchdog = new Thread(() =>
    {
        quitting.Wait();
        Thread.Sleep(TimeSpan.FromSeconds(5));
        ImmediateExit.Now(0);
    })
    { IsBackground = true, Name = "quit watchdog" };
    watchdog.Start();
    window.Quitting += quitting.Set;
    app.AddTimeout(TimeSpan.FromSeconds(1), window.Tick);
    app.Run(window);
    quitting.Set();
    link?.Dispose();
    window.Dispose();
    app.Dispose();
    Console.Out.Flush();
    ImmediateExit.Now(0);
    return 0;
});
