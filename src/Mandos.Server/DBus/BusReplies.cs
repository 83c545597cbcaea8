using System.Diagnostics.CodeAnalysis;
using Tmds.DBus.Protocol;

namespace Mandos.Server.DBus;

/// <summary>The small replies every handler sends.</summary>
public static class BusReplies
{
    public static void Empty(MethodContext context)
    {
        if (context.NoReplyExpected)
        {
            return;
        }
        MessageWriter writer = context.CreateReplyWriter(null);
        context.Reply(writer.CreateMessage());
        writer.Dispose();
    }

    [SuppressMessage("Naming", "CA1720", Justification = "The reply is one D-Bus STRING (signature \"s\"); the name says what the reply carries, as Empty's does.")]
    public static void String(MethodContext context, string value)
    {
        MessageWriter writer = context.CreateReplyWriter("s");
        writer.WriteString(value);
        context.Reply(writer.CreateMessage());
        writer.Dispose();
    }
}
