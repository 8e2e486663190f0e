namespace AutoTrader.Observability.Tests;

/// <summary>The repository's root folder, found upward from the test binaries.</summary>
public static class RepositoryRoot
{
    public static readonly string Path = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "AutoTrader.Observability.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (AutoTrader.Observability.slnx) not found above " + AppContext.BaseDirectory);
    }
}
