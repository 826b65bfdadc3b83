using Microcred.Clinical.Export;

namespace Microcred.Cli.Clinical;

/// <summary>Checks and prepares the directory a population is written to.</summary>
internal static class OutputDirectory
{
    // Only what generate writes is removed by --force; anything else in the directory is left alone.
    private static readonly string[] GeneratedFilePatterns = ["*.ndjson", "*.csv", "population.db", "population.db-journal", "reference-data.json", PopulationExporter.NoticeFileName];
    private const string GeneratedFolder = "patients";

    /// <summary>Returns an error message, or null when the directory can be written.</summary>
    public static string? Prepare(string path, bool force)
    {
        try
        {
            var directory = new DirectoryInfo(path);
            if (File.Exists(path))
            {
                return $"'{path}' is a file, not a directory.";
            }
            if (directory.Exists && directory.EnumerateFileSystemInfos().Any())
            {
                if (!force)
                {
                    return $"'{path}' is not empty. Choose an empty directory, or pass --force to replace the generated files in it.";
                }
                foreach (var pattern in GeneratedFilePatterns)
                {
                    foreach (var file in directory.EnumerateFiles(pattern))
                    {
                        file.Delete();
                    }
                }
                var folder = new DirectoryInfo(Path.Combine(path, GeneratedFolder));
                if (folder.Exists)
                {
                    folder.Delete(recursive: true);
                }
            }
            directory.Create();
            var probe = Path.Combine(path, ".microcred-write-check");
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException or ArgumentException or NotSupportedException)
        {
            return $"Cannot write to '{path}': {e.Message}";
        }
    }
}
