using Org.BouncyCastle.Bcpg;

namespace Mandos.Core.OpenPgp;

/// <summary>The outer packets of an encrypted message: who it is for, and the encrypted data.</summary>
internal sealed record EncryptedMessage(IReadOnlyList<PublicKeyEncSessionPacket> Recipients, SymmetricEncIntegrityPacket Data);
