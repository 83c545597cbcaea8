using Mandos.Client.Network;

namespace Mandos.Client.Tests.Network;

[Lane(Lane.Unit)]
public sealed class InterfaceSelectorTests
{
    [Theory]
    [InlineData(InterfaceFlags.Broadcast, false, true)]
    [InlineData(InterfaceFlags.Broadcast | InterfaceFlags.Loopback, false, false)]
    [InlineData(InterfaceFlags.Broadcast | InterfaceFlags.NoArp, false, false)]
    [InlineData(InterfaceFlags.None, false, false)]
    [InlineData(InterfaceFlags.Broadcast | InterfaceFlags.PointToPoint, false, false)]
    [InlineData(InterfaceFlags.Broadcast | InterfaceFlags.PointToPoint, true, true)]
    public void SuitableInterfacesAreChosenAsUpstream(InterfaceFlags flags, bool connect, bool suitable) =>
        Assert.Equal(suitable, InterfaceSelector.IsSuitable(flags, connect));
}
