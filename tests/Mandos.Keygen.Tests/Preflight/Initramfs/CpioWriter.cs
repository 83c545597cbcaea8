using System.Text;

namespace Mandos.Keygen.Tests.Preflight.Initramfs;

/// <summary>
/// Writes cpio "newc" archives as GNU cpio and the kernel's gen_init_cpio do: a 110-byte header
/// of hex fields, the name with its NUL, the data, each padded to 4 bytes from the start of the
/// output; TRAILER!!! ends an archive. Several archives may follow each other in one writer.
/// </summary>
internal sealed class CpioWriter
{
    public const int DirectoryMode = 0x41ED;   // drwxr-xr-x
    public const int FileMode = 0x81A4;        // -rw-r--r--
    public const int ProgramMode = 0x81ED;     // -rwxr-xr-x
    public const int SecretMode = 0x8180;      // -rw-------
    public const int SymlinkMode = 0xA1FF;     // lrwxrwxrwx

    private readonly MemoryStream _output = new();
    private uint _inode = 1000;

    public CpioWriter Directory(string name) => Entry(name, DirectoryMode, [], nlink: 2);

    public CpioWriter File(string name, byte[] data, int mode = FileMode) => Entry(name, mode, data);

    public CpioWriter File(string name, string text, int mode = FileMode) => File(name, Encoding.UTF8.GetBytes(text), mode);

    public CpioWriter Symlink(string name, string target) => Entry(name, SymlinkMode, Encoding.UTF8.GetBytes(target));

    /// <summary>Names for one inode, as GNU cpio writes hard links: the data with the last name only.</summary>
    public CpioWriter HardLinks(byte[] data, int mode, params string[] names)
    {
        uint inode = ++_inode;
        for (int i = 0; i < names.Length; i++)
        {
            _ = Entry(names[i], mode, i == names.Length - 1 ? data : [], nlink: (uint)names.Length, inode: inode);
        }
        return this;
    }

    public CpioWriter Trailer() => Entry("TRAILER!!!", 0, [], nlink: 1, inode: 0);

    /// <summary>Zero bytes, as between an early archive and the compressed one.</summary>
    public CpioWriter Zeros(int count)
    {
        _output.Write(new byte[count]);
        return this;
    }

    /// <summary>A header as given, for garbled images: <paramref name="nameSize"/> and <paramref name="fileSize"/> need not match what follows.</summary>
    public CpioWriter RawHeader(string name, int mode, uint fileSize, uint nameSize)
    {
        WriteHeader(++_inode, mode, 1, fileSize, nameSize);
        _output.Write(Encoding.UTF8.GetBytes(name + "\0"));
        Pad();
        return this;
    }

    public CpioWriter Bytes(byte[] data)
    {
        _output.Write(data);
        return this;
    }

    public byte[] ToArray() => _output.ToArray();

    private CpioWriter Entry(string name, int mode, byte[] data, uint nlink = 1, uint? inode = null)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        WriteHeader(inode ?? ++_inode, mode, nlink, (uint)data.Length, (uint)nameBytes.Length);
        _output.Write(nameBytes);
        Pad();
        _output.Write(data);
        Pad();
        return this;
    }

    private void WriteHeader(uint inode, int mode, uint nlink, uint fileSize, uint nameSize)
    {
        uint[] fields = [inode, (uint)mode, 0, 0, nlink, 1700000000, fileSize, 8, 1, 0, 0, nameSize, 0];
        var header = new StringBuilder("070701");
        foreach (uint field in fields)
        {
            _ = header.Append(field.ToString("X8", System.Globalization.CultureInfo.InvariantCulture));
        }
        _output.Write(Encoding.ASCII.GetBytes(header.ToString()));
    }

    private void Pad()
    {
        while (_output.Length % 4 != 0)
        {
            _output.WriteByte(0);
        }
    }
}
