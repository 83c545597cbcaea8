using System.Net.Sockets;
using System.Security.Cryptography;
using Mandos.Core.Errors;

namespace Mandos.PasswordAgent.Questions;

/// <summary>Answers a question: one AF_UNIX datagram to its Socket=, <c>'+' password '\0'</c>. Temporary failures are retried.</summary>
public static class AnswerSender
{
    private const int Attempts = 10;

    /// <summary>True when sent; false when the question has to be given up.</summary>
    public static bool Send(Question question, ReadOnlySpan<byte> password, out string? problem)
    {
        byte[] datagram = new byte[password.Length + 2];
        try
        {
            datagram[0] = (byte)'+';
            password.CopyTo(datagram.AsSpan(1));
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    socket.SendTo(datagram, new UnixDomainSocketEndPoint(question.Socket));
                    problem = null;
                    return true;
                }
                catch (SocketException e) when (attempt < Attempts && e.SocketErrorCode is SocketError.WouldBlock or SocketError.Interrupted
                                                    or SocketError.NoBufferSpaceAvailable or SocketError.TryAgain)
                {
                    Thread.Sleep(50 * attempt);
                }
                catch (SocketException e)
                {
                    problem = ErrorText.Of(e);
                    return false;
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(datagram);
        }
    }
}
