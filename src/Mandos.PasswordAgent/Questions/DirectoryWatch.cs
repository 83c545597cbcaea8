using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using Mandos.Core.Interop;

namespace Mandos.PasswordAgent.Questions;

/// <summary>inotify on the agent directory: a file name is reported when it was written and closed, moved in, moved out or deleted.</summary>
public sealed unsafe class DirectoryWatch : IDisposable
{
    private const uint CloseWrite = 0x008;   // IN_CLOSE_WRITE
    private const uint MovedFrom = 0x040;    // IN_MOVED_FROM
    private const uint MovedTo = 0x080;      // IN_MOVED_TO
    private const uint Deleted = 0x200;      // IN_DELETE
    private readonly int _fd;

    public DirectoryWatch(string directory)
    {
        _fd = Libc.InotifyInit1(OpenFlags.CloseOnExec);
        if (_fd < 0 || Libc.InotifyAddWatch(_fd, directory, CloseWrite | MovedFrom | MovedTo | Deleted) < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"inotify on {directory}");
        }
    }

    /// <summary>Reads events on a thread of its own until disposed; <paramref name="changed"/> gets each file name.</summary>
    public void Start(Action<string> changed) =>
        new Thread(() => Loop(changed)) { IsBackground = true, Name = "agent directory" }.Start();

    private void Loop(Action<string> changed)
    {
        byte* buffer = stackalloc byte[4096];
        while (true)
        {
            nint n = Libc.Read(_fd, buffer, 4096);
            if (n <= 0)
            {
                if (n < 0 && Marshal.GetLastPInvokeError() == Errno.Interrupted)
                {
                    continue;
                }
                return;
            }
            // struct inotify_event { int wd; uint32 mask, cookie, len; char name[len]; }
            for (nint offset = 0; offset < n;)
            {
                uint length = *(uint*)(buffer + offset + 12);
                byte* name = buffer + offset + 16;
                int end = 0;
                while (end < length && name[end] != 0)
                {
                    end++;
                }
                if (end > 0)
                {
                    changed(Encoding.UTF8.GetString(name, end));
                }
                offset += 16 + (nint)length;
            }
        }
    }

    public void Dispose() => _ = Libc.Close(_fd);
}
