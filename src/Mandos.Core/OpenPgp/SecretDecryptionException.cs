namespace Mandos.Core.OpenPgp;

/// <summary>An encrypted secret could not be decrypted: not for our keys, tampered with, or malformed.</summary>
public sealed class SecretDecryptionException(string message, Exception? inner = null) : Exception(message, inner);
