namespace Microcred.Credentials.Tests.Rdf;

/// <summary>Finds ../shared: the folder beside the repository root (the directory holding Microcred.slnx).</summary>
internal static class SharedFolder
{
    private static readonly Lazy<string> Located = new(Locate);

    public static string Path => Located.Value;

    private static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Microcred.slnx")))
            {
                string shared = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory.FullName, "..", "shared"));
                return Directory.Exists(shared)
                    ? shared
                    : throw new DirectoryNotFoundException($"The shared test data folder {shared} (../shared from the repository root) does not exist.");
            }
        }
        throw new DirectoryNotFoundException($"No directory above {AppContext.BaseDirectory} holds Microcred.slnx, so ../shared cannot be found.");
    }
}
