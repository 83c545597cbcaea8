global using Mandos.Testing.Files;
global using Xunit;

// These tests run real Linux programs (Debian's Mandos, setuid clients, network namespaces).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
