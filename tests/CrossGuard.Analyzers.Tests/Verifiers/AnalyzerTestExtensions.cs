using System.Text;
using Microsoft.CodeAnalysis.Testing;

namespace CrossGuard.Analyzers.Tests.Verifiers;

public static class AnalyzerTestExtensions
{
    /// <summary>Injects MSBuild properties the way CompilerVisibleProperty does: an is_global analyzer config.</summary>
    public static void WithMsBuildProperties(this AnalyzerTest<DefaultVerifier> test, params (string Name, string Value)[] properties)
    {
        if (properties.Length == 0)
        {
            return;
        }

        var config = new StringBuilder("is_global = true\n");
        foreach ((string name, string value) in properties)
        {
            config.Append("build_property.").Append(name).Append(" = ").Append(value).Append('\n');
        }

        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", config.ToString()));
    }
}
