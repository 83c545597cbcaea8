namespace Mandos.Keygen;

/// <summary>The --help text.</summary>
internal static class UsageText
{
    public const string Help = """
        Usage: mandos-keygen [ -v | --version ]
               mandos-keygen [ -h | --help ]
           Key creation:
               mandos-keygen [ OPTIONS ]
           Encrypted password creation:
               mandos-keygen { -p | --password } [ --name NAME ] [ --dir DIR]
               mandos-keygen { -F | --passfile } FILE [ --name NAME ] [ --dir DIR]
           Test whether the next boot would unlock (as root):
               mandos-keygen --test [ --dir DIR ] [ --initramfs FILE ]
                             [ --connect ADDRESS:PORT ] [ --device PATH ]...
                             [ --timeout SECONDS ] [ --json ]

        Key creation options:
          -v, --version         Show program's version number and exit
          -h, --help            Show this help message and exit
          -d DIR, --dir DIR     Target directory for key files
          -t TYPE, --type TYPE  OpenPGP key type.  Default is RSA (the only
                                type this implementation supports).
          -l BITS, --length BITS
                                OpenPGP key length in bits.  Default is 4096.
          -s TYPE, --subtype TYPE
                                OpenPGP subkey type.  Default is RSA.
          -L BITS, --sublength BITS
                                OpenPGP subkey length in bits.  Default 4096.
          -n NAME, --name NAME  Name of key.  Default is the FQDN.
          -e ADDRESS, --email ADDRESS
                                Email address of OpenPGP key.  Default empty.
          -c TEXT, --comment TEXT
                                Comment field for OpenPGP key.  Default empty.
          -x TIME, --expire TIME
                                OpenPGP key expire time.  Default is none.
                                See gpg(1) for syntax.
          -T TYPE, --tls-keytype TYPE
                                TLS key type.  Default is ed25519 (the only
                                type this implementation supports).
          -f, --force           Force overwriting old key files.

        Password creation options:
          -p, --password        Create an encrypted password using the key in
                                the key directory.  All options other than
                                --dir and --name are ignored.
          -F FILE, --passfile FILE
                                Encrypt a password from FILE using the key in
                                the key directory.  All options other than
                                --dir and --name are ignored.
          -S, --no-ssh          Don't get SSH key or set "checker" option.

        Test options:
          --test                Check everything the next boot needs to unlock:
                                the keys in the key directory, the initramfs,
                                a server, the secret it sends and the LUKS
                                devices it must open.  One line per check;
                                exit status 0 only if a reboot would unlock.
          --initramfs FILE      The initramfs to check.  Default is the one
                                of the running kernel; empty to skip.
          --connect ADDRESS:PORT
                                Ask this server instead of the one the boot
                                would find.
          --device PATH         Try the passphrase on this LUKS device (may be
                                given more than once) instead of those in
                                crypttab.
          --timeout SECONDS     Time to search for servers, and for one
                                server's answer.  Default is 30, at most
                                86400.
          --json                Print the result as one JSON object.

        """;
}
