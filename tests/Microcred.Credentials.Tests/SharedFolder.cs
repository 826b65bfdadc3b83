namespace Microcred.Credentials.Tests;

/// <summary>
/// Finds ../shared, the read-only folder beside the repository root (the directory holding
/// Microcred.slnx): the W3C suites, the published contexts and the independent verifier.
/// </summary>
internal static class SharedFolder
{
    private static readonly Lazy<string> Repository = new(LocateRepository);

    /// <summary>The repository root, which holds Microcred.slnx.</summary>
    public static string RepositoryRoot => Repository.Value;

    public static string Root
    {
        get
        {
            var shared = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, "..", "shared"));
            return Directory.Exists(shared)
                ? shared
                : throw new DirectoryNotFoundException($"The shared test data folder {shared} (../shared from the repository root) does not exist.");
        }
    }

    public static string JsonLdSuite => Path("w3c", "json-ld-api", "tests");

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(Path(parts));

    private static string LocateRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Microcred.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No directory above {AppContext.BaseDirectory} holds Microcred.slnx, so ../shared cannot be found.");
    }
}
