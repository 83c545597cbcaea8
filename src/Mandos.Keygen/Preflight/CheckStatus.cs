namespace Mandos.Keygen.Preflight;

/// <summary>How one pre-flight check came out.</summary>
public enum CheckStatus
{
    /// <summary>What the next boot needs here is in place.</summary>
    Ok,

    /// <summary>Not checked, or not certain; a reboot may still unlock. Does not fail the test.</summary>
    Warning,

    /// <summary>A reboot would not unlock because of this.</summary>
    Failed,
}
