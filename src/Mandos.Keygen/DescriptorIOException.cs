namespace Mandos.Keygen;

/// <summary>Reading or writing a standard stream's descriptor failed; the message names the descriptor and the reason.</summary>
internal sealed class DescriptorIOException(string message) : IOException(message);
