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

        """;
}
