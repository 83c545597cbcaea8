namespace Mandos.PluginRunner.Cli;

/// <summary>plugin-runner.conf holds an option plugin-runner does not accept (exit status EX_CONFIG).</summary>
public sealed class ConfigFileException(string message) : Exception(message);
