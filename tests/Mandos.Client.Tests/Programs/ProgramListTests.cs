using System.Text.RegularExpressions;
using Mandos.Multicall;
using Mandos.Testing.Files;

namespace Mandos.Client.Tests.Programs;

/// <summary>
/// programs.list is the one list of the programs' names; the other places that name them (the
/// multi-call executable's table, the projects, debian/manifest, the boot hooks) must agree with
/// it. Reads the repository's files only.
/// </summary>
[Lane(Lane.Unit)]
public sealed partial class ProgramListTests
{
    private static readonly string Root = Repository.Root;

    private static readonly IReadOnlyList<(string Name, string Kind, string What)> Programs = Repository.ProgramList(Root);

    /// <summary>What an entry of programs.list can be.</summary>
    private static readonly string[] Kinds = ["program", "multicall"];

    [Fact]
    public void EveryEntryIsAProgramOrAMulticallName()
    {
        Assert.NotEmpty(Programs);
        Assert.All(Programs, p => Assert.Contains(p.Kind, Kinds));
        Assert.Equal(Programs.Count, Programs.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void EachProgramIsAProjectPublishedUnderItsName()
    {
        foreach ((string name, _, string project) in Programs.Where(p => p.Kind == "program"))
        {
            string csproj = Path.Combine(Root, "src", project, project + ".csproj");
            Assert.True(File.Exists(csproj), $"{name}: {csproj} does not exist");
            Assert.Contains($"<AssemblyName>{name}</AssemblyName>", File.ReadAllText(csproj), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheMulticallNamesAreTheDispatchersTable()
    {
        var multicall = Programs.Where(p => p.Kind == "multicall").ToList();
        Assert.All(multicall, p => Assert.Equal(ProgramTable.Default, p.What));
        Assert.Equal(ProgramTable.Default, typeof(ProgramTable).Assembly.GetName().Name);
        Assert.Contains(Programs, p => p.Kind == "program" && p.Name == ProgramTable.Default && p.What == typeof(ProgramTable).Namespace);
        Assert.Equal(multicall.Select(p => p.Name).Order(StringComparer.Ordinal), ProgramTable.ByName.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheManifestPackagesEveryProgramUnderItsName()
    {
        var packaged = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(Path.Combine(Root, "debian", "manifest")))
        {
            string[] columns = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length < 5 || line.StartsWith('#') || !columns[4].StartsWith("build/bin/", StringComparison.Ordinal))
            {
                continue;
            }
            string name = columns[4]["build/bin/".Length..];
            Assert.Contains(Programs, p => p.Name == name);
            Assert.Equal(name, Path.GetFileName(columns[3]));
            packaged.Add(name);
        }
        Assert.Equal(Programs.Select(p => p.Name).Order(StringComparer.Ordinal), packaged.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheBootHooksNameOnlyKnownPrograms()
    {
        // what the hooks name under mandos/, plugins.d/ and plugin-helpers/ that is not a program
        string[] notPrograms = ["keys", "plugins", "plugin-helpers", "network-hooks", "mandos-to-cryptroot-unlock"];
        string[] hooks =
        [
            Path.Combine(Root, "boot", "initramfs-tools", "hooks", "mandos"),
            .. Directory.GetFiles(Path.Combine(Root, "boot", "initramfs-tools", "scripts"), "*", SearchOption.AllDirectories),
            .. Directory.GetFiles(Path.Combine(Root, "boot", "dracut", "90mandos")),
        ];
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (string hook in hooks)
        {
            foreach (Match match in InstalledName().Matches(File.ReadAllText(hook)))
            {
                named.Add(match.Groups[1].Value);
            }
        }
        Assert.Contains("plugin-runner", named);
        Assert.All(named.Except(notPrograms), name => Assert.Contains(Programs, p => p.Name == name));
    }

    // A name in the installed tree: mandos/NAME, plugins.d/NAME or plugin-helpers/NAME, as a whole path element.
    [GeneratedRegex(@"(?:mandos|plugins\.d|plugin-helpers)/([a-z][a-z0-9-]*)(?![\w.-])")]
    private static partial Regex InstalledName();
}
