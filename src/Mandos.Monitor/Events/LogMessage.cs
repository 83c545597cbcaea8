using Mandos.Core.Logging;

namespace Mandos.Monitor.Events;

/// <summary>One record for the monitor's log pane, at a Python logging level.</summary>
public sealed record LogMessage(LogLevel Level, string Text);
