// The server and its tests run on Linux only (process groups, signals, unix sockets).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
