using Mandos.Monitor.Input;

namespace Mandos.Monitor.Tests.Input;

[Lane(Lane.Unit)]
public sealed class MonitorKeyMapTests
{
    [Theory]
    [InlineData("q", MonitorAction.Quit)]
    [InlineData("Q", MonitorAction.Quit)]
    [InlineData("ctrl l", MonitorAction.Redraw)]
    [InlineData("?", MonitorAction.Help)]
    [InlineData("f1", MonitorAction.Help)]
    [InlineData("esc", MonitorAction.Help)]
    [InlineData("l", MonitorAction.ToggleLog)]
    [InlineData("D", MonitorAction.ToggleLog)]
    [InlineData("tab", MonitorAction.SwitchPane)]
    [InlineData("w", MonitorAction.ToggleWrap)]
    [InlineData("i", MonitorAction.ToggleWrap)]
    [InlineData("v", MonitorAction.ToggleVerbose)]
    [InlineData("up", MonitorAction.Up)]
    [InlineData("ctrl p", MonitorAction.Up)]
    [InlineData("k", MonitorAction.Up)]
    [InlineData("down", MonitorAction.Down)]
    [InlineData("ctrl n", MonitorAction.Down)]
    [InlineData("j", MonitorAction.Down)]
    [InlineData("page up", MonitorAction.PageUp)]
    [InlineData("meta v", MonitorAction.PageUp)]
    [InlineData("b", MonitorAction.PageUp)]
    [InlineData("page down", MonitorAction.PageDown)]
    [InlineData("ctrl v", MonitorAction.PageDown)]
    [InlineData(" ", MonitorAction.PageDown)]
    [InlineData("f", MonitorAction.PageDown)]
    [InlineData("+", MonitorAction.Enable)]
    [InlineData("-", MonitorAction.Disable)]
    [InlineData("a", MonitorAction.Approve)]
    [InlineData("d", MonitorAction.Deny)]
    [InlineData("R", MonitorAction.Remove)]
    [InlineData("_", MonitorAction.Remove)]
    [InlineData("ctrl k", MonitorAction.Remove)]
    [InlineData("s", MonitorAction.StartChecker)]
    [InlineData("S", MonitorAction.StopChecker)]
    [InlineData("C", MonitorAction.CheckedOk)]
    [InlineData("x", MonitorAction.None)]
    [InlineData("A", MonitorAction.None)]
    public void UpstreamsKeys(string key, MonitorAction action) => Assert.Equal(action, MonitorKeyMap.For(key));

    [Fact]
    public void OnlyClientCommandsActOnTheFocusedClient()
    {
        Assert.True(MonitorKeyMap.IsClientAction(MonitorAction.Approve));
        Assert.True(MonitorKeyMap.IsClientAction(MonitorAction.CheckedOk));
        Assert.False(MonitorKeyMap.IsClientAction(MonitorAction.PageDown));
        Assert.False(MonitorKeyMap.IsClientAction(MonitorAction.None));
    }
}
