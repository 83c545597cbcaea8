namespace Mandos.Server.Checkers;

/// <summary>Starts checker commands; a seam so client logic can be tested without processes.</summary>
public interface ICheckerLauncher
{
    /// <summary>Starts an expanded checker command; throws Win32Exception when it cannot.</summary>
    IRunningChecker Start(string command);
}
