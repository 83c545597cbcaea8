using Mandos.Monitor.Ui;

namespace Mandos.Monitor.Tests.Ui;

[Lane(Lane.Unit)]
public sealed class PaneLayoutTests
{
    [Fact]
    public void EvenScreenIsSharedInHalves() => Assert.Equal(new PaneLayout(11, 11, 12, 12), PaneLayout.For(24, logVisible: true));

    [Fact]
    public void OddScreenGivesTheExtraLineToTheClients() => Assert.Equal(new PaneLayout(12, 12, 13, 12), PaneLayout.For(25, logVisible: true));

    [Fact]
    public void WithoutLogTheClientsGetEverything() => Assert.Equal(new PaneLayout(23, 23, 24, 0), PaneLayout.For(24, logVisible: false));
}
