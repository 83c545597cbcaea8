global using Xunit;

// The client is a Linux initramfs program: its hooks and interfaces are Linux-only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
