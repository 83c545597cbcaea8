namespace Mandos.Server.State.Upstream;

/// <summary>A pickle this reader will not take: malformed, or asking for something outside its short list.</summary>
public sealed class PickleFormatException(string message) : FormatException(message);
