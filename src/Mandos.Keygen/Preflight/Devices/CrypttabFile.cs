namespace Mandos.Keygen.Preflight.Devices;

/// <summary>
/// A parsed crypttab(5): its entries in file order and one sentence per line that could not be
/// read (naming the file and the line), so one bad line is reported, not fatal.
/// </summary>
public sealed record CrypttabFile(string FileName, IReadOnlyList<CrypttabEntry> Entries, IReadOnlyList<string> Problems);
