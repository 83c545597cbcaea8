using System.Collections.Concurrent;
using System.Security.Cryptography;
using Mandos.Core.CommandLine;
using Mandos.Core.Errors;
using Mandos.Core.Interop;
using Mandos.Core.Posix;
using Mandos.Core.Secrets;
using Mandos.PasswordAgent.Cli;
using Mandos.PasswordAgent.Questions;

namespace Mandos.PasswordAgent;

/// <summary>
/// <c>password-agent</c>: a systemd password agent for the initramfs (dracut). Runs the Mandos
/// client once and, when it has exited 0, sends its output to every question (ask.* file) in the
/// agent directory that is still open: not withdrawn, not expired, its asker alive. Exits when no
/// question is left.
/// </summary>
public static class PasswordAgentProgram
{
    public const string Name = "password-agent";

    public static int Run(string[] args)
    {
        AgentOptions? options;
        try
        {
            options = AgentCommandLine.Parse(args, out string? exitText);
            if (options is null)
            {
                bool test = exitText!.StartsWith(Name + ":", StringComparison.Ordinal);
                (test ? Console.Error : Console.Out).WriteLine(exitText);
                return test ? ExitCodes.Unavailable : ExitCodes.Success;
            }
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"{Name}: {ErrorText.Of(e)}");
            Console.Error.WriteLine($"Try `{Name} --help' or `{Name} --usage' for more information.");
            return ExitCodes.Usage;
        }
        if (!Directory.Exists(options.AgentDirectory))
        {
            Error($"Cannot use agent directory {options.AgentDirectory}: no such directory");
            return ExitCodes.OsFile;
        }
        var events = new BlockingCollection<AgentEvent>();
        using var watch = new DirectoryWatch(options.AgentDirectory);
        watch.Start(name => events.Add(new AgentEvent(name)));
        var questions = new Dictionary<string, Question>(StringComparer.Ordinal);
        foreach (string file in Directory.GetFiles(options.AgentDirectory, "ask.*"))
        {
            Consider(Path.GetFileName(file), options.AgentDirectory, questions);
        }
        if (questions.Count == 0)
        {
            Error("There are no question files");
            return ExitCodes.Failure;
        }
        int client;
        try
        {
            client = StartClient(options, events);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Error($"Could not start {options.Client[0]}: {ErrorText.Of(e)}");
            return ExitCodes.OsError;
        }
        return Serve(options, events, questions, client);
    }

    private static int Serve(AgentOptions options, BlockingCollection<AgentEvent> events, Dictionary<string, Question> questions, int client)
    {
        bool clientDone = false;
        while (questions.Count > 0)
        {
            DropExpired(questions);
            if (questions.Count == 0)
            {
                break;
            }
            ulong now = MonotonicClock.NowMicroseconds;
            ulong nearest = questions.Values.Where(q => q.NotAfter != 0).Select(q => q.NotAfter).DefaultIfEmpty(0UL).Min();
            int wait = nearest == 0 ? 1000 : (int)Math.Clamp((long)(nearest - Math.Min(nearest, now)) / 1000 + 1, 1, 1000);
            if (!events.TryTake(out AgentEvent? e, wait))
            {
                continue;
            }
            if (e.ChangedFile is string file)
            {
                if (file.StartsWith("ask.", StringComparison.Ordinal))
                {
                    Consider(file, options.AgentDirectory, questions);
                }
                continue;
            }
            clientDone = true;
            try
            {
                if (e.ClientStatus != 0)
                {
                    Error("Mandos client failed or was killed");
                    return ExitCodes.Failure;
                }
                Answer(questions, e.Password.AsSpan(0, e.PasswordLength));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(e.Password);
            }
        }
        if (!clientDone)
        {
            // Every question was withdrawn or expired: the client's answer is no longer wanted.
            _ = ChildStatus.Signal(client, SignalNumber.Terminate);
        }
        return ExitCodes.Success;
    }

    private static void Answer(Dictionary<string, Question> questions, ReadOnlySpan<byte> password)
    {
        foreach (Question q in questions.Values.ToList())
        {
            if (!ChildStatus.IsAlive(q.Pid))
            {
                continue;
            }
            if (!AnswerSender.Send(q, password, out string? problem))
            {
                Error($"Could not answer {q.File} through {q.Socket}: {problem}");
            }
        }
        questions.Clear();
    }

    /// <summary>(Re)reads a question file; a missing or unanswerable one is dropped.</summary>
    private static void Consider(string name, string directory, Dictionary<string, Question> questions)
    {
        string path = Path.Combine(directory, name);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            questions.Remove(name);
            return;
        }
        Question? q = QuestionFile.Parse(name, text, out string? problem);
        if (q is null || !ChildStatus.IsAlive(q.Pid) || q.HasExpired(MonotonicClock.NowMicroseconds))
        {
            if (problem is not null)
            {
                Error($"Ignoring question {path}: {problem}");
            }
            questions.Remove(name);
            return;
        }
        questions[name] = q;
    }

    private static void DropExpired(Dictionary<string, Question> questions)
    {
        ulong now = MonotonicClock.NowMicroseconds;
        foreach (Question q in questions.Values.Where(q => q.HasExpired(now) || !ChildStatus.IsAlive(q.Pid)).ToList())
        {
            questions.Remove(q.File);
        }
    }

    /// <summary>
    /// Starts the client with real ids unprivileged and effective ids root (as a set-user-ID root
    /// program would be), MANDOSPLUGINHELPERDIR set, stdout to us.
    /// </summary>
    private static int StartClient(AgentOptions options, BlockingCollection<AgentEvent> events)
    {
        SpawnedChild Spawn() => ChildSpawner.Spawn(options.Client[0], options.Client,
            ChildSpawner.EnvironmentWith([new("MANDOSPLUGINHELPERDIR", options.HelperDirectory)]), captureOutput: true);
        SpawnedChild child = Credentials.EffectiveUserId == 0 ? Credentials.WithRealIds(options.UserId, options.GroupId, Spawn) : Spawn();
        new Thread(() =>
        {
            (byte[] password, int length) = ReadAll(child.Output!);
            int status = ChildStatus.Wait(child.Pid);
            events.Add(new AgentEvent(null, status, password, length));
        })
        { IsBackground = true, Name = "mandos-client" }.Start();
        return child.Pid;
    }

    private static (byte[] Buffer, int Length) ReadAll(Stream output)
    {
        using (output)
        {
            return SecretStreams.ReadAll(output);
        }
    }

    private static void Error(string message) => Console.Error.WriteLine($"Mandos {Name}: {message}");
}
