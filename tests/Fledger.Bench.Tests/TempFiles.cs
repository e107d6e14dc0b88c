namespace Fledger.Bench.Tests;

/// <summary>A temporary folder with files, deleted on dispose.</summary>
internal sealed class TempFiles : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"fledger-bench-test-{Guid.NewGuid():N}")).FullName;

    public string Write(string name, string content)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, content);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
