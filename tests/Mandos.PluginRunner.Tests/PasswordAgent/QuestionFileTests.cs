using Mandos.PasswordAgent.Cli;
using Mandos.PasswordAgent.Questions;

namespace Mandos.PluginRunner.Tests.PasswordAgent;

[Lane(Lane.Unit)]
public sealed class QuestionFileTests
{
    [Fact]
    public void ReadsTheAskSection()
    {
        Question? q = QuestionFile.Parse("ask.x", "[Ask]\nPID=42\nSocket=/run/systemd/ask-password/sck.1\nAcceptCached=1\nEcho=0\nNotAfter=123456\n" +
            "Message=Please enter passphrase for disk root\nId=cryptsetup:/dev/vda2\n", out string? problem);
        Assert.Null(problem);
        Assert.Equal(new Question("ask.x", "/run/systemd/ask-password/sck.1", 42, 123456), q);
        Assert.True(q!.HasExpired(123457));
        Assert.False(q.HasExpired(123456));
    }

    [Theory]
    [InlineData("[Ask]\nPID=1\n", "no Socket")]
    [InlineData("[Ask]\nSocket=\nPID=1\n", "no Socket")]
    [InlineData("[Ask]\nSocket=/s\nPID=x\n", "no valid PID")]
    [InlineData("[Other]\nSocket=/s\nPID=1\n", "no Socket")]
    [InlineData("[Ask]\nSocket=/s\nPID=1\nNotAfter=soon\n", "invalid NotAfter")]
    public void UnanswerableQuestionsSayWhy(string text, string problem)
    {
        Assert.Null(QuestionFile.Parse("ask.x", text, out string? why));
        Assert.Equal(problem, why);
    }

    [Fact]
    public void NoLimitNeverExpires() => Assert.False(new Question("f", "s", 1, 0).HasExpired(ulong.MaxValue));

    [Fact]
    public void ClientCommandLineFollowsDoubleDash()
    {
        AgentOptions o = AgentCommandLine.Parse(["--user=1000", "-g", "1000", "--agent-directory=/tmp/a", "--", "/lib/mandos/mandos-client", "--debug"], out _)!;
        Assert.Equal(["/lib/mandos/mandos-client", "--debug"], o.Client);
        Assert.Equal(1000u, o.UserId);
        Assert.Equal(1000u, o.GroupId);
        Assert.Equal("/tmp/a", o.AgentDirectory);
    }

    [Fact]
    public void DefaultClientIsThePluginAndHiddenAliasesWork()
    {
        AgentOptions o = AgentCommandLine.Parse(["--userid=7", "--groupid=8", "--plugin-helper-dir=/h"], out _)!;
        Assert.Equal(["/lib/mandos/plugins.d/mandos-client"], o.Client);
        Assert.Equal((7u, 8u, "/h"), (o.UserId, o.GroupId, o.HelperDirectory));
    }

    [Fact]
    public void RootIsNotAnUnprivilegedUser() =>
        Assert.Throws<Mandos.Core.CommandLine.UsageException>(() => AgentCommandLine.Parse(["--user=0"], out _));
}
