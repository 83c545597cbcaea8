using System.Security.Cryptography;
using Mandos.Core.Errors;
using Mandos.Core.Keys;
using Mandos.Core.OpenPgp;

namespace Mandos.Keygen;

/// <summary>
/// Writes the four key files, each 0600. Old files are kept as numbered backups. New contents are
/// written to temporary files first, so a failure never leaves a half-written key in place.
/// </summary>
internal sealed class KeySetWriter(KeyDirectory directory)
{
    public void CheckOverwrite(bool force)
    {
        if (!force && directory.AllFiles.Any(File.Exists))
        {
            throw new KeygenException("Refusing to overwrite old key files; use --force");
        }
    }

    public void Write(OpenPgpKeySet openPgp, TlsKeyPair tls)
    {
        (string Path, byte[] Contents)[] files =
        [
            (directory.SecretKeyFile, openPgp.EncodeArmoredSecretKeys()),
            (directory.PublicKeyFile, openPgp.EncodeArmoredPublicKeys()),
            (directory.TlsPrivateKeyFile, tls.EncodePrivateKeyPem()),
            (directory.TlsPublicKeyFile, tls.EncodePublicKeyPem()),
        ];
        var temporaries = new List<string>();
        try
        {
            foreach ((string path, byte[] contents) in files)
            {
                string temporary = TemporaryName(path);
                PrivateFile.WriteNew(temporary, contents);
                temporaries.Add(temporary);
            }
            for (int i = 0; i < files.Length; i++)
            {
                Install(temporaries[i], files[i].Path);
            }
            temporaries.Clear();
        }
        finally
        {
            foreach ((_, byte[] contents) in files)
            {
                CryptographicOperations.ZeroMemory(contents);
            }
            temporaries.ForEach(File.Delete);
        }
    }

    private static void Install(string temporary, string path)
    {
        try
        {
            if (File.Exists(path))
            {
                NumberedBackup.MoveAside(path);
            }
            File.Move(temporary, path, overwrite: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException(path, ErrorText.Of(e), e);
        }
    }

    private static string TemporaryName(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.new");
}
