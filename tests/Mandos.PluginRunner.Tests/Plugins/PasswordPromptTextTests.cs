using Mandos.Plugins.PasswordPrompt;

namespace Mandos.PluginRunner.Tests.Plugins;

[Lane(Lane.Unit)]
public sealed class PasswordPromptTextTests
{
    [Fact]
    public void PrefixAndCustomPrompt() => Assert.Equal("Mandos Enter key: ", PasswordPromptProgram.Prompt("Mandos", "Enter key"));
}
