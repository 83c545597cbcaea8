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

    public static void String(MethodContext context, string value)
    {
        MessageWriter writer = context.CreateReplyWriter("s");
        writer.WriteString(value);
        context.Reply(writer.CreateMessage());
        writer.Dispose();
    }
}
