using System.Runtime.InteropServices;
using Mandos.Core.Interop;

namespace Mandos.Core.Posix;

/// <summary>What stat(2) says of a file: which file it is (device, inode), its type and mode bits, its owner and group.</summary>
public readonly unsafe record struct FileStatus(ulong Device, ulong Inode, uint Mode, uint Owner, uint Group)
{
    private const int StatSize = 256;
    private const uint TypeMask = 0xF000;            // S_IFMT
    private const uint RegularType = 0x8000;         // S_IFREG
    private const uint DirectoryType = 0x4000;       // S_IFDIR
    private const uint FifoType = 0x1000;            // S_IFIFO
    private const uint BlockDeviceType = 0x6000;     // S_IFBLK
    private const uint Sticky = 0x200;               // S_ISVTX
    private const uint WritableByOthers = 0b000_010_010;  // S_IWGRP | S_IWOTH

    public bool IsRegularFile => (Mode & TypeMask) == RegularType;

    public bool IsDirectory => (Mode & TypeMask) == DirectoryType;

    /// <summary>A pipe or FIFO.</summary>
    public bool IsFifo => (Mode & TypeMask) == FifoType;

    public bool IsBlockDevice => (Mode & TypeMask) == BlockDeviceType;

    public bool IsExecutable => (Mode & 0b001_001_001) != 0;

    /// <summary>The permission bits (set-id and sticky bits included), without the type.</summary>
    public uint Permissions => Mode & 0xFFF;

    /// <summary>Its group or others may write it.</summary>
    public bool IsWritableByOthers => (Mode & WritableByOthers) != 0;

    /// <summary>Sticky: others may add entries but not rename or remove those of root.</summary>
    public bool IsSticky => (Mode & Sticky) != 0;

    /// <summary>stat(2) of <paramref name="path"/>, through symbolic links; null when it cannot be had.</summary>
    public static FileStatus? Of(string path)
    {
        byte* st = stackalloc byte[StatSize];
        return Libc.Stat(path, st) < 0 ? null : Read(st);
    }

    /// <summary>fstat(2) of an open descriptor; null when it is not open.</summary>
    public static FileStatus? Of(int fd)
    {
        byte* st = stackalloc byte[StatSize];
        return Libc.FStat(fd, st) < 0 ? null : Read(st);
    }

    private static FileStatus Read(byte* st)
    {
        // struct stat: st_dev, st_ino (8 bytes each) everywhere; then st_nlink (8), st_mode, st_uid,
        // st_gid on x86-64, and st_mode, st_nlink (4), st_uid, st_gid on the generic layout (arm64, riscv64).
        bool x64 = RuntimeInformation.ProcessArchitecture == Architecture.X64;
        int owner = x64 ? 28 : 24;
        return new FileStatus(*(ulong*)st, *(ulong*)(st + 8), *(uint*)(st + (x64 ? 24 : 16)), *(uint*)(st + owner), *(uint*)(st + owner + 4));
    }
}
