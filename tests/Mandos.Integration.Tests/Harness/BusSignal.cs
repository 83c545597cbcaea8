namespace Mandos.Integration.Tests.Harness;

/// <summary>A signal a <see cref="BusProbe"/> saw: where from, and its arguments rendered as text.</summary>
public sealed record BusSignal(string Path, string Interface, string Member, string Arguments)
{
    public override string ToString() => $"{Path} {Interface}.{Member}({Arguments})";
}
