using System.Reflection;
using Xunit;

namespace Mandos.Testing;

/// <summary>
/// Finds the test methods of an assembly that do not carry exactly one lane (on the method or on
/// its class), so a test can neither fall out of every `--filter Lane=...` run nor sit in two lanes.
/// </summary>
public static class LaneCoverage
{
    public static IReadOnlyList<string> MethodsWithoutExactlyOneLane(Assembly assembly) =>
        assembly.GetTypes()
            .Where(type => type.IsClass && !type.IsAbstract)
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                .Where(method => method.GetCustomAttributes<FactAttribute>(inherit: true).Any())
                .Where(method => type.GetCustomAttributes<LaneAttribute>(inherit: false).Count()
                    + method.GetCustomAttributes<LaneAttribute>(inherit: false).Count() != 1)
                .Select(method => $"{type.FullName}.{method.Name}"))
            .Order(StringComparer.Ordinal)
            .ToList();
}
