namespace Fledger.ScaleOut.Tests.Infrastructure;

public static class RepoRoot
{
    /// <summary>The repository root (the folder holding Fledger.sln), found upwards from the test binary.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Fledger.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Fledger.sln not found above " + AppContext.BaseDirectory);
    }
}
