namespace Mandos.Server.Zeroconf;

/// <summary>A StateChanged signal of the Avahi server (<see cref="AvahiApi.ServerPath"/>) or of one entry group.</summary>
public sealed record AvahiStateChange(string Path, int State, string Error);
