namespace Mandos.Core.Posix;

/// <summary>Reaping a child without blocking the caller: <see cref="ChildStatus.Wait"/> on a thread of its own.</summary>
public static class ChildWait
{
    /// <summary>The child's exit status as <see cref="ChildStatus.Wait"/> gives it.</summary>
    public static Task<int> ForAsync(int pid) =>
        Task.Factory.StartNew(() => ChildStatus.Wait(pid), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
