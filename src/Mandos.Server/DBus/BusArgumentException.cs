namespace Mandos.Server.DBus;

/// <summary>A caller sent a value of the wrong type or range; answered with InvalidArgs.</summary>
public sealed class BusArgumentException(string message) : Exception(message);
