using System.Security.Cryptography;
using Mandos.Core.Keys;
using Mandos.Core.Posix;
using Mandos.Core.Secrets;

namespace Mandos.Keygen;

/// <summary>Where password mode gets the password: a file as-is, or typed twice with echo off.</summary>
internal static class PasswordSource
{
    private const int StandardInput = 0;

    /// <summary>The file's bytes unchanged (a trailing newline stays part of the secret); "-" is stdin.</summary>
    public static byte[] FromFile(string path)
    {
        if (path != "-")
        {
            return PrivateFile.ReadAll(path);
        }
        using Stream stdin = OpenStandardInput();
        return SecretStreams.ReadToEnd(stdin);
    }

    /// <summary>
    /// Prompts on the terminal and reads two lines from standard input, stripping leading and
    /// trailing blanks as upstream's shell <c>read</c> does. On a mismatch it asks again when
    /// standard input is a terminal, and fails otherwise.
    /// </summary>
    public static byte[] Interactive(TextWriter errors)
    {
        bool terminal = TerminalEcho.IsTerminal(StandardInput);
        using Stream stdin = OpenStandardInput();
        while (true)
        {
            byte[] first = Prompt("Enter passphrase: ", stdin, terminal, errors);
            byte[] second = Prompt("Repeat passphrase: ", stdin, terminal, errors);
            bool same = CryptographicOperations.FixedTimeEquals(first, second);
            CryptographicOperations.ZeroMemory(second);
            if (same)
            {
                return first;
            }
            CryptographicOperations.ZeroMemory(first);
            if (!terminal)
            {
                throw new KeygenException("Passphrase mismatch");
            }
            errors.WriteLine("Passphrase mismatch");
        }
    }

    private static byte[] Prompt(string prompt, Stream stdin, bool terminal, TextWriter errors)
    {
        WritePrompt(prompt, errors);
        byte[] line;
        using (TerminalEcho.Disable(StandardInput, discardTypedAhead: false, restoreOnSignals: true))
        {
            line = ReadLine(stdin);
        }
        if (terminal)
        {
            errors.WriteLine(); // the Enter key was not echoed
        }
        return line;
    }

    // The prompt goes to the controlling terminal even when stderr is redirected, as upstream's does.
    private static void WritePrompt(string prompt, TextWriter fallback)
    {
        try
        {
            using var tty = new FileStream("/dev/tty", FileMode.Open, FileAccess.Write);
            tty.Write(System.Text.Encoding.UTF8.GetBytes(prompt));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            fallback.Write(prompt);
            fallback.Flush();
        }
    }

    // Not Console.OpenStandardInput: on a terminal that goes through .NET's line editor, which
    // echoes what is typed by itself. Unbuffered, so each read takes only what it needs.
    private static FileDescriptorStream OpenStandardInput() => new(StandardInput);

    // One line, byte by byte so nothing past the newline is consumed, without its blanks at either end.
    private static byte[] ReadLine(Stream stdin)
    {
        byte[] buffer = new byte[256];
        int length = 0;
        int b;
        while ((b = stdin.ReadByte()) >= 0 && b != '\n')
        {
            if (length == buffer.Length)
            {
                byte[] larger = new byte[buffer.Length * 2];
                buffer.CopyTo(larger, 0);
                CryptographicOperations.ZeroMemory(buffer);
                buffer = larger;
            }
            buffer[length++] = (byte)b;
        }
        Span<byte> text = buffer.AsSpan(0, length).Trim(" \t"u8);
        byte[] result = text.ToArray();
        CryptographicOperations.ZeroMemory(buffer);
        return result;
    }
}
