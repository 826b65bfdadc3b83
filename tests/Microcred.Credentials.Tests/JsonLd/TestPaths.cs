namespace Microcred.Credentials.Tests.JsonLd;

/// <summary>Locates the repository root (the folder with Microcred.slnx) and the read-only shared folder beside it.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Microcred.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName
            ?? throw new InvalidOperationException($"No Microcred.slnx above {AppContext.BaseDirectory}.");
    });

    public static string RepositoryRoot => Root.Value;

    public static string Shared => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    public static string JsonLdSuite => Path.Combine(Shared, "w3c", "json-ld-api", "tests");
}
