namespace Microcred.Credentials.Tests.Credentials;

/// <summary>Finds the read-only <c>shared/</c> folder beside the repository.</summary>
internal static class SharedFiles
{
    public static string Root { get; } = Find();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(Path(parts));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(System.IO.Path.Combine(candidate, "w3c")))
            {
                return candidate;
            }
            var sibling = System.IO.Path.Combine(dir.FullName, "..", "shared");
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Microcred.slnx")) && Directory.Exists(System.IO.Path.Combine(sibling, "w3c")))
            {
                return System.IO.Path.GetFullPath(sibling);
            }
        }
        throw new DirectoryNotFoundException("The shared/ folder (W3C vectors, verifier) was not found beside the repository.");
    }
}
