using Mandos.Core.Interop;

namespace Mandos.Keygen;

/// <summary>The directory holding a client's four key files.</summary>
internal sealed class KeyDirectory
{
    private const string Preferred = "/etc/keys/mandos";
    private const string Alternative = "/etc/mandos/keys";

    private KeyDirectory(string path) => Path = path;

    public string Path { get; }

    public string SecretKeyFile => Combine("seckey.txt");

    public string PublicKeyFile => Combine("pubkey.txt");

    public string TlsPrivateKeyFile => Combine("tls-privkey.pem");

    public string TlsPublicKeyFile => Combine("tls-pubkey.pem");

    public IReadOnlyList<string> AllFiles => [SecretKeyFile, PublicKeyFile, TlsPrivateKeyFile, TlsPublicKeyFile];

    public static string DefaultPath() => Directory.Exists(Preferred) ? Preferred : Alternative;

    /// <summary>Checks the directory as upstream does before either mode starts.</summary>
    public static KeyDirectory Open(string path, bool forWriting)
    {
        if (!Directory.Exists(path))
        {
            throw new KeygenException($"{path} not a directory");
        }
        if (Libc.Access(path, Libc.ReadOk | Libc.ExecuteOk) != 0)
        {
            throw new KeygenException($"Directory {path} not readable");
        }
        if (forWriting && Libc.Access(path, Libc.WriteOk) != 0)
        {
            throw new KeygenException($"Directory {path} not writeable");
        }
        return new KeyDirectory(path);
    }

    public static bool IsReadable(string file) => File.Exists(file) && Libc.Access(file, Libc.ReadOk) == 0;

    private string Combine(string name) => System.IO.Path.Combine(Path, name);
}
