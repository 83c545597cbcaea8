namespace Mandos.Monitor.Events;

/// <summary>A line of the log pane as shown: bold for the banner, help and anything above INFO.</summary>
public sealed record LogLine(string Text, bool Bold);
