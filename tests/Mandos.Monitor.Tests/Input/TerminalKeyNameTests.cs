using Mandos.Monitor.Input;
using Terminal.Gui.Input;

namespace Mandos.Monitor.Tests.Input;

[Lane(Lane.Unit)]
public sealed class TerminalKeyNameTests
{
    public static TheoryData<Key, string> Keys => new()
    {
        { Key.Q, "q" },
        { Key.Q.WithShift, "Q" },
        { Key.D.WithShift, "D" },
        { Key.L.WithCtrl, "ctrl l" },
        { Key.K.WithCtrl, "ctrl k" },
        { Key.V.WithAlt, "meta v" },
        { Key.Esc, "esc" },
        { Key.F1, "f1" },
        { Key.Tab, "tab" },
        { Key.CursorUp, "up" },
        { Key.CursorDown, "down" },
        { Key.PageUp, "page up" },
        { Key.PageDown, "page down" },
        { Key.Space, " " },
        { new Key('+'), "+" },
        { new Key('-'), "-" },
        { new Key('?'), "?" },
        { new Key('_'), "_" },
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public void NamesKeysAsUrwidDoes(Key key, string name) => Assert.Equal(name, TerminalKeyName.Of(key));
}
