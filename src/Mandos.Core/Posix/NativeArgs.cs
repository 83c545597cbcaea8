using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;

namespace Mandos.Core.Posix;

/// <summary>What every posix_spawn caller needs: argv/envp blocks in native memory, and errno checks.</summary>
public static unsafe class NativeArgs
{
    /// <summary>
    /// One block: a NULL-terminated pointer array followed by the NUL-terminated UTF-8 strings.
    /// Free it with <see cref="NativeMemory.Free"/>.
    /// </summary>
    public static nint Strings(IReadOnlyList<string> strings)
    {
        nuint tableSize = (nuint)((strings.Count + 1) * sizeof(byte*));
        nuint total = tableSize;
        foreach (string s in strings)
        {
            total += (nuint)Encoding.UTF8.GetByteCount(s) + 1;
        }
        byte* block = (byte*)NativeMemory.Alloc(total);
        byte** table = (byte**)block;
        byte* next = block + tableSize;
        for (int i = 0; i < strings.Count; i++)
        {
            table[i] = next;
            int length = Encoding.UTF8.GetBytes(strings[i], new Span<byte>(next, (int)(block + total - next)));
            next[length] = 0;
            next += length + 1;
        }
        table[strings.Count] = null;
        return (nint)block;
    }

    /// <summary>Throws for a non-zero error number returned by <paramref name="call"/> (the posix_spawn family returns errno).</summary>
    public static void Check(int error, string call)
    {
        if (error != 0)
        {
            throw new Win32Exception(error, $"{call}: {Marshal.GetPInvokeErrorMessage(error)}");
        }
    }
}
