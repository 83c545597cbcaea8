using System.Text;
using Mandos.Core.Errors;
using Mandos.Core.Keys;
using Microsoft.Win32.SafeHandles;

namespace Mandos.Keygen.Preflight.Initramfs;

/// <summary>
/// Reads an initramfs image as the kernel unpacks it (init/initramfs.c): cpio "newc" archives
/// (magic 070701 or 070702, each ending with TRAILER!!!) separated by zero padding, the early
/// uncompressed ones first (CPU microcode), then possibly one compressed segment holding the
/// main archive. Streams through it, keeping only the paths with their types and the contents
/// of the files asked for; every size it reads is bounded (each name and file, the entries, and
/// by <see cref="InitramfsLimits"/> the names kept, the bytes unpacked and the zero padding), so a
/// garbled or hostile image ends in one sentence naming the file, never in exhausted memory or
/// an endless read. The file is opened once (<see cref="InitramfsFile"/>); that descriptor is
/// read for the cpio part and the compressed part alike. After a compressed segment nothing
/// more is read: every generator puts it last. Kept contents are cleared on every failure.
/// </summary>
internal static class InitramfsReader
{
    /// <summary>Paths an image may hold; initramfs-tools' and dracut's hold a few thousand.</summary>
    public const int MaxEntries = 250_000;

    /// <summary>A name's size with its NUL, as PATH_MAX bounds it.</summary>
    public const int MaxNameSize = 4096;

    /// <summary>The largest file whose contents are kept (keys and configuration are a few kilobytes).</summary>
    public const int MaxKeptFileSize = 1024 * 1024;

    /// <summary>How many files' contents are kept at most.</summary>
    public const int MaxKeptFiles = 64;

    private const int HeaderSize = 110;
    private const int FieldCount = 13;
    private const int TypeMask = 0xF000;       // S_IFMT
    private const int RegularFile = 0x8000;    // S_IFREG
    private const int DirectoryType = 0x4000;  // S_IFDIR
    private const int SymlinkType = 0xA000;    // S_IFLNK
    private const int PermissionMask = 0xFFF;
    private const string Trailer = "TRAILER!!!";

    public static InitramfsImage Read(string path, Func<string, bool> keepContents) =>
        Read(path, keepContents, InitramfsLimits.Default);

    public static InitramfsImage Read(string path, Func<string, bool> keepContents, InitramfsLimits limits)
    {
        var image = new InitramfsImage(path);
        ReadInto(image, keepContents, limits);
        return image;
    }

    /// <summary>
    /// Reads the file <see cref="InitramfsImage.Path"/> names into <paramref name="image"/>; on any
    /// failure the image is disposed (the contents kept so far may be keys) before the exception goes on.
    /// </summary>
    internal static void ReadInto(InitramfsImage image, Func<string, bool> keepContents, InitramfsLimits limits)
    {
        string path = image.Path;
        var state = new State(image, keepContents, limits);
        string part = "";
        bool done = false;
        try
        {
            using SafeFileHandle file = InitramfsFile.Open(path);
            string beyondLimit = $"{path} unpacks to more than {InitramfsLimits.Describe(limits.MaxUnpackedBytes)}, which no initramfs does";
            long offset;
            InitramfsCompression compression;
            using (var reader = new SegmentReader(new ImageFileStream(file, 0), limits.MaxUnpackedBytes, beyondLimit))
            {
                if (reader.Peek() < 0)
                {
                    throw new InitramfsException($"{path} is empty");
                }
                ReadArchives(reader, state, "");
                if (reader.Peek() < 0)
                {
                    done = true;
                    return;
                }
                offset = reader.Position;
                compression = CompressionMagic.Detect(reader.PeekMany(CompressionMagic.Length))
                    ?? throw new InitramfsException($"{path} is not a valid initramfs: at byte {offset} starts neither a cpio archive nor a compression the kernel knows");
            }
            image.Compression = compression;
            part = $" in its {Decompressor.Name(compression)}-compressed part";
            using (var reader = new SegmentReader(Decompressor.Open(file, path, offset, compression), limits.MaxUnpackedBytes - offset, beyondLimit))
            {
                ReadArchives(reader, state, part);
                if (reader.Peek() >= 0)
                {
                    throw new InitramfsException($"{path} is not a valid initramfs: at byte {reader.Position}{part} follows something other than a cpio archive");
                }
            }
            done = true;
        }
        catch (InvalidDataException e)
        {
            throw new InitramfsException($"{path} is not a valid initramfs: its {Decompressor.Name(image.Compression)}-compressed part is corrupt", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InitramfsException($"cannot read {path}{part}: {ErrorText.Of(e, path)}", e);
        }
        finally
        {
            if (!done)
            {
                image.Dispose();
            }
        }
    }

    // Archives and the zero padding between them, up to the end or to a byte that starts neither.
    // The kernel skips any run of zeros there; a run longer than any padding ends the reading in
    // a sentence (a file of zeros, or a compressed stream of endless zeros, is no initramfs).
    private static void ReadArchives(SegmentReader reader, State state, string part)
    {
        while (true)
        {
            long at = reader.Position;
            if (reader.SkipZeros(state.Limits.MaxZeroRun + 1) > state.Limits.MaxZeroRun)
            {
                throw new InitramfsException($"{state.Image.Path} is not a valid initramfs: at byte {at}{part} starts a run of more than {InitramfsLimits.Describe(state.Limits.MaxZeroRun)} of zero bytes, longer than any padding between archives");
            }
            if (reader.Peek() != '0' || (reader.Position & 3) != 0)
            {
                return;
            }
            ReadArchive(reader, state, part);
        }
    }

    private static void ReadArchive(SegmentReader reader, State state, string part)
    {
        string path = state.Image.Path;
        // hard links are matched by inode within one archive, as the kernel matches them
        var firstOfInode = new Dictionary<(uint, uint, uint), string>();
        Span<byte> header = stackalloc byte[HeaderSize];
        Span<uint> fields = stackalloc uint[FieldCount];
        byte[] name = new byte[MaxNameSize];
        while (true)
        {
            long at = reader.Position;
            if (!reader.TryRead(header))
            {
                throw Truncated(path, part);
            }
            if (!header.StartsWith("07070"u8) || header[5] is not ((byte)'1' or (byte)'2') || !ParseFields(header[6..], fields))
            {
                throw new InitramfsException($"{path} is not a valid initramfs: no cpio header at byte {at}{part}");
            }
            (uint inode, int mode, uint links, uint fileSize, uint major, uint minor, uint nameSize) =
                (fields[0], (int)fields[1], fields[4], fields[6], fields[7], fields[8], fields[11]);
            if (nameSize is 0 or > MaxNameSize)
            {
                throw new InitramfsException($"{path} is not a valid initramfs: the cpio entry at byte {at}{part} claims a name of {nameSize} bytes");
            }
            if (!reader.TryRead(name.AsSpan(0, (int)nameSize)))
            {
                throw Truncated(path, part);
            }
            if (name[(int)nameSize - 1] != 0)
            {
                throw new InitramfsException($"{path} is not a valid initramfs: the name of the cpio entry at byte {at}{part} does not end");
            }
            state.CountName(nameSize);
            string stored = Encoding.UTF8.GetString(name, 0, (int)nameSize - 1);
            if (stored == Trailer && fileSize == 0)
            {
                _ = reader.TryAlign(); // the last padding may be missing at the very end
                return;
            }
            if (!reader.TryAlign())
            {
                throw Truncated(path, part);
            }
            if (++state.Entries > MaxEntries)
            {
                throw new InitramfsException($"{path} holds more than {MaxEntries} entries, which no initramfs generator makes");
            }
            string normalized = InitramfsImage.Normalize(stored);
            if (normalized.Length == 0)
            {
                SkipData(reader, fileSize, path, part); // "." itself
                continue;
            }
            switch (mode & TypeMask)
            {
                case SymlinkType:
                    state.Image.Add(new InitramfsEntry(normalized, InitramfsEntryKind.Symlink, mode & PermissionMask, ReadLinkTarget(reader, state, fileSize, at, path, part)), null);
                    break;
                case RegularFile:
                    string? linkOf = null;
                    if (links >= 2 && !firstOfInode.TryAdd((inode, major, minor), normalized))
                    {
                        linkOf = firstOfInode[(inode, major, minor)];
                    }
                    state.Image.Add(new InitramfsEntry(normalized, InitramfsEntryKind.File, mode & PermissionMask), linkOf);
                    ReadFileData(reader, state, normalized, fileSize, part);
                    break;
                default:
                    InitramfsEntryKind kind = (mode & TypeMask) == DirectoryType ? InitramfsEntryKind.Directory : InitramfsEntryKind.Other;
                    state.Image.Add(new InitramfsEntry(normalized, kind, mode & PermissionMask), null);
                    SkipData(reader, fileSize, path, part);
                    break;
            }
        }
    }

    private static bool ParseFields(ReadOnlySpan<byte> text, Span<uint> fields)
    {
        for (int i = 0; i < fields.Length; i++)
        {
            uint value = 0;
            foreach (byte b in text.Slice(i * 8, 8))
            {
                int digit = b switch
                {
                    >= (byte)'0' and <= (byte)'9' => b - '0',
                    >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                    >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                    _ => -1,
                };
                if (digit < 0)
                {
                    return false;
                }
                value = (value << 4) | (uint)digit;
            }
            fields[i] = value;
        }
        return true;
    }

    private static string ReadLinkTarget(SegmentReader reader, State state, uint size, long at, string path, string part)
    {
        if (size is 0 or >= MaxNameSize)
        {
            throw new InitramfsException($"{path} is not a valid initramfs: the symbolic link at byte {at}{part} claims a target of {size} bytes");
        }
        state.CountName(size);
        byte[] target = new byte[size];
        if (!reader.TryRead(target) || !reader.TryAlign())
        {
            throw Truncated(path, part);
        }
        return Encoding.UTF8.GetString(target);
    }

    private static void ReadFileData(SegmentReader reader, State state, string normalized, uint size, string part)
    {
        InitramfsImage image = state.Image;
        string holder = image.HolderOf(normalized);
        bool wanted = size > 0 && size <= MaxKeptFileSize && (state.KeepContents(normalized) || state.KeepContents(holder))
            && (image.HasContents(holder) || state.Kept < MaxKeptFiles);
        if (!wanted)
        {
            SkipData(reader, size, image.Path, part);
            return;
        }
        byte[] contents = new byte[size];
        bool kept = false;
        try
        {
            if (!reader.TryRead(contents) || !reader.TryAlign())
            {
                throw Truncated(image.Path, part);
            }
            if (!image.HasContents(holder))
            {
                state.Kept++;
            }
            image.Keep(holder, contents);
            kept = true;
        }
        finally
        {
            if (!kept)
            {
                // a read that failed half-way (truncation, an I/O error) leaves part of a key here
                PrivateFile.Clear(contents);
            }
        }
    }

    private static void SkipData(SegmentReader reader, uint size, string path, string part)
    {
        if (!reader.TrySkip(size) || !reader.TryAlign())
        {
            throw Truncated(path, part);
        }
    }

    private static InitramfsException Truncated(string path, string part) =>
        new($"{path} is truncated: it ends inside a cpio entry{part}");

    private sealed class State(InitramfsImage image, Func<string, bool> keepContents, InitramfsLimits limits)
    {
        public InitramfsImage Image { get; } = image;

        public Func<string, bool> KeepContents { get; } = keepContents;

        public InitramfsLimits Limits { get; } = limits;

        public long NameBytes { get; private set; }

        /// <summary>Counts a name or link target the image will keep; beyond the limit, the sentence.</summary>
        public void CountName(long size)
        {
            NameBytes += size;
            if (NameBytes > Limits.MaxNameBytes)
            {
                throw new InitramfsException($"{Image.Path} holds more than {InitramfsLimits.Describe(Limits.MaxNameBytes)} of names and link targets, which no initramfs generator makes");
            }
        }

        public int Entries { get; set; }

        public int Kept { get; set; }
    }
}
