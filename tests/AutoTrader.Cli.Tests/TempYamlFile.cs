namespace AutoTrader.Cli.Tests;

/// <summary>A configuration file in the temporary folder for one test, deleted when disposed.</summary>
internal sealed class TempYamlFile : IDisposable
{
    public TempYamlFile(string yaml)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"autotrader-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(Path, yaml);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
