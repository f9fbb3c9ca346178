namespace CrossGuard.IntegrationTests.Infrastructure;

/// <summary>Locations in the CrossGuard checkout the tests run from.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "CrossGuard.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException("CrossGuard.sln not found above " + AppContext.BaseDirectory);
    }
}
