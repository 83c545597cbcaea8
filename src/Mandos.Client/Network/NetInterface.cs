namespace Mandos.Client.Network;

/// <summary>A network interface by name and kernel index (the index scopes link-local addresses).</summary>
public sealed record NetInterface(string Name, int Index)
{
    public override string ToString() => Name;
}
