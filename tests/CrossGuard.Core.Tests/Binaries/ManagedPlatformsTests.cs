using CrossGuard.Core.Binaries;
using CrossGuard.Core.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace CrossGuard.Core.Tests.Binaries;

/// <summary>
/// Assembly-level platform attributes and the PlatformNotSupported stub detector, on the running shared framework, on
/// real package assemblies (the test project downloads them) and on assemblies compiled here in every shape a stub or
/// a guarded implementation takes.
/// </summary>
public sealed class ManagedPlatformsTests
{
    [Fact]
    public void Platform_specific_framework_assemblies_declare_their_platform_and_corelib_none()
    {
        Assert.Equal(["windows"], ManagedPlatforms.SupportedOSPlatforms(typeof(Microsoft.Win32.Registry).Assembly.Location));
        Assert.Empty(ManagedPlatforms.SupportedOSPlatforms(typeof(object).Assembly.Location));
        Assert.False(ManagedPlatforms.Inspect(typeof(object).Assembly.Location).IsPlatformNotSupportedStub);
    }

    [Fact]
    public void Native_binaries_garbage_and_missing_files_declare_nothing()
    {
        Assert.Empty(ManagedPlatforms.SupportedOSPlatforms(RealBinaries.OfKind(RealBinaries.Kind.Pe).First()));
        Assert.Empty(ManagedPlatforms.SupportedOSPlatforms(RealBinaries.OfKind(RealBinaries.Kind.Elf).First()));
        string garbage = Path.Combine(Path.GetTempPath(), "cg-managed-" + Guid.NewGuid().ToString("N") + ".dll");
        File.WriteAllBytes(garbage, new byte[] { (byte)'M', (byte)'Z', 0, 0, 1, 2, 3 });
        Assert.Empty(ManagedPlatforms.SupportedOSPlatforms(garbage));
        Assert.Empty(ManagedPlatforms.SupportedOSPlatforms(garbage + ".missing"));
        Assert.False(ManagedPlatforms.Inspect(garbage).Readable);
        Assert.False(ManagedPlatforms.Inspect(RealBinaries.OfKind(RealBinaries.Kind.Pe).First()).Readable);
    }

    /// <summary>
    /// What the detector says about real package assemblies (package, version, path in the package): the lib/ stubs
    /// dotnet/runtime packages give the OSes they do not implement, and full or OS-checking implementations.
    /// </summary>
    [Theory]
    // Full implementation in lib/net8.0 beside runtimes/browser: what a net8.0 app on System.Text.Json 10 gets.
    [InlineData("system.text.encodings.web", "10.0.5", "lib/net8.0/System.Text.Encodings.Web.dll", false, "")]
    [InlineData("system.text.encodings.web", "10.0.5", "runtimes/browser/lib/net8.0/System.Text.Encodings.Web.dll", false, "browser")]
    // What Linux and macOS get from ProtectedData 4.5.0 (Azure.Identity, MSAL): a stub, no platform attribute.
    [InlineData("system.security.cryptography.protecteddata", "4.5.0", "lib/netstandard2.0/System.Security.Cryptography.ProtectedData.dll", true, "")]
    [InlineData("system.security.cryptography.protecteddata", "4.5.0", "runtimes/win/lib/netstandard2.0/System.Security.Cryptography.ProtectedData.dll", false, "")]
    // 8.0.0: one assembly that checks the OS and throws off Windows; not a stub, but it declares windows.
    [InlineData("system.security.cryptography.protecteddata", "8.0.0", "lib/net8.0/System.Security.Cryptography.ProtectedData.dll", false, "windows")]
    [InlineData("system.diagnostics.eventlog", "8.0.0", "lib/net8.0/System.Diagnostics.EventLog.dll", true, "windows")]
    [InlineData("system.diagnostics.eventlog", "8.0.0", "runtimes/win/lib/net8.0/System.Diagnostics.EventLog.dll", false, "windows")]
    [InlineData("system.management", "8.0.0", "lib/net8.0/System.Management.dll", true, "windows")]
    [InlineData("system.management", "8.0.0", "runtimes/win/lib/net8.0/System.Management.dll", false, "windows")]
    [InlineData("system.data.sqlclient", "4.8.5", "lib/netcoreapp2.1/System.Data.SqlClient.dll", true, "")]
    [InlineData("system.data.sqlclient", "4.8.5", "runtimes/unix/lib/netcoreapp2.1/System.Data.SqlClient.dll", false, "")]
    [InlineData("microsoft.win32.registry", "4.5.0", "lib/netstandard2.0/Microsoft.Win32.Registry.dll", true, "")]
    [InlineData("microsoft.win32.registry", "4.5.0", "runtimes/win/lib/netstandard2.0/Microsoft.Win32.Registry.dll", false, "")]
    [InlineData("system.io.ports", "9.0.23", "lib/net8.0/System.IO.Ports.dll", true, "maccatalyst")]
    [InlineData("system.io.ports", "9.0.23", "runtimes/unix/lib/net8.0/System.IO.Ports.dll", false, "unix")]
    public void Real_package_assemblies(string id, string version, string relative, bool stub, string supported)
    {
        string path = Path.Combine(RealBinaries.PackagesRoot, id, version, relative);
        Assert.True(File.Exists(path), path + " is missing: restore the test project (PackageDownload)");

        ManagedAssemblyInfo info = ManagedPlatforms.Inspect(path);

        Assert.True(info.Readable);
        Assert.True(info.PublicMethods > 0);
        Assert.Equal(stub, info.IsPlatformNotSupportedStub);
        Assert.True(stub ? info.ThrowingMethods == info.PublicMethods : info.ThrowingMethods * 10 < info.PublicMethods, info.StubEvidence);
        Assert.Equal(supported.Length == 0 ? [] : supported.Split(','), info.SupportedOSPlatforms);
    }

    [Theory]
    [InlineData(OptimizationLevel.Release)]
    [InlineData(OptimizationLevel.Debug)]
    public void Stubs_are_recognised_directly_through_resource_strings_and_throw_helpers(OptimizationLevel optimization)
    {
        ManagedAssemblyInfo info = Compile(optimization, /* lang=c#-test */ """
            using System;
            using System.Diagnostics.CodeAnalysis;
            [assembly: System.Runtime.Versioning.SupportedOSPlatform("windows10.0.17763")]
            [assembly: System.Runtime.Versioning.UnsupportedOSPlatform("browser")]
            namespace Stub;
            internal static class SR
            {
                internal static string Get(string key) => key.Length > 3 ? "Serial ports are not supported on this platform." : key;
                internal static string PlatformNotSupported => Get("PlatformNotSupported_Ports");
            }
            internal static class ThrowHelper
            {
                [DoesNotReturn] internal static void Throw() => throw new PlatformNotSupportedException(SR.PlatformNotSupported);
                internal static Exception Create() => new PlatformNotSupportedException(SR.Get("x"));
            }
            public class Port : IDisposable
            {
                public Port() { throw new PlatformNotSupportedException(); }
                public Port(string name) { if (name is null) throw new ArgumentNullException(nameof(name)); throw new PlatformNotSupportedException(SR.PlatformNotSupported); }
                public int BaudRate { get => throw new PlatformNotSupportedException(); set => throw new PlatformNotSupportedException(); }
                public void Open() => ThrowHelper.Throw();
                public int Read(byte[] buffer) { ThrowHelper.Throw(); return 0; }
                public string Name() => throw ThrowHelper.Create();
                public static string[] GetPortNames() { switch (Environment.ProcessorCount) { case 1: throw new PlatformNotSupportedException("one"); default: throw new PlatformNotSupportedException("many"); } }
                public event EventHandler? DataReceived { add { } remove { } }
                public void Dispose() { }
                ~Port() { }
                public class Nested { public void M() => throw new PlatformNotSupportedException(); }
            }
            public interface IPort { void Open(); }
            public delegate void Handler(object sender);
            public enum Parity { None, Odd }
            """);

        Assert.True(info.IsPlatformNotSupportedStub, info.StubEvidence);
        Assert.Equal(9, info.PublicMethods);
        Assert.Equal(9, info.ThrowingMethods);
        Assert.Equal(["windows"], info.SupportedOSPlatforms);
        Assert.Equal(["browser"], info.UnsupportedOSPlatforms);
    }

    [Theory]
    [InlineData(OptimizationLevel.Release)]
    [InlineData(OptimizationLevel.Debug)]
    public void Guarded_implementations_other_exceptions_and_reference_assemblies_are_not_stubs(OptimizationLevel optimization)
    {
        ManagedAssemblyInfo info = Compile(optimization, /* lang=c#-test */ """
            using System;
            namespace Guarded;
            internal static class ThrowHelper
            {
                internal static void ThrowIfNotWindows() { if (!OperatingSystem.IsWindows()) throw new PlatformNotSupportedException(); }
            }
            public static class ProtectedData
            {
                // ProtectedData 8.0.0's shape: check the OS, then work.
                public static byte[] Protect(byte[] data) { if (!OperatingSystem.IsWindows()) throw new PlatformNotSupportedException(); return data; }
                public static byte[] Unprotect(byte[] data) { ThrowHelper.ThrowIfNotWindows(); return data; }
                public static void NotSupported() => throw new NotSupportedException();
                public static void ReferenceAssembly() => throw null!;
                public static int Work(int x) => x * 2;
            }
            internal class Hidden { public void M() => throw new PlatformNotSupportedException(); }
            """);

        Assert.True(info.Readable);
        Assert.Equal(5, info.PublicMethods);
        Assert.Equal(0, info.ThrowingMethods);
        Assert.False(info.IsPlatformNotSupportedStub);
        Assert.Empty(info.SupportedOSPlatforms);
    }

    [Fact]
    public void An_assembly_without_public_code_or_with_one_real_member_in_twenty_is_judged_by_the_rest()
    {
        ManagedAssemblyInfo empty = Compile(OptimizationLevel.Release, "namespace Empty; public enum E { A } public interface I { void M(); }");
        Assert.Equal(0, empty.PublicMethods);
        Assert.False(empty.IsPlatformNotSupportedStub);

        string throwing = string.Concat(Enumerable.Range(0, 19).Select(i => $"public void M{i}() => throw new System.PlatformNotSupportedException();\n"));
        ManagedAssemblyInfo mostly = Compile(OptimizationLevel.Release, "namespace Mostly; public class C { " + throwing + " public int Real(int x) => x + 1; }");
        Assert.Equal(20, mostly.PublicMethods);
        Assert.Equal(19, mostly.ThrowingMethods);
        Assert.True(mostly.IsPlatformNotSupportedStub);

        ManagedAssemblyInfo half = Compile(OptimizationLevel.Release, "namespace Half; public class C { public void A() => throw new System.PlatformNotSupportedException(); public int B(int x) => x; }");
        Assert.False(half.IsPlatformNotSupportedStub);
    }

    private static ManagedAssemblyInfo Compile(OptimizationLevel optimization, string source)
    {
        string directory = Path.Combine(Path.GetTempPath(), "cg-stub-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "Synth.dll");
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        CSharpCompilation compilation = CSharpCompilation.Create("Synth",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            new[] { "System.Private.CoreLib.dll", "System.Runtime.dll" }.Select(f => MetadataReference.CreateFromFile(Path.Combine(runtime, f))),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: optimization, nullableContextOptions: NullableContextOptions.Enable));
        using (FileStream stream = File.Create(path))
        {
            Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(stream);
            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        }

        try
        {
            return ManagedPlatforms.Inspect(path);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
