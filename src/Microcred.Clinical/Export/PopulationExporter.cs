using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microcred.Clinical.CodeSystems;
using Microcred.Clinical.Fhir;
using Microcred.Clinical.Population;
using Microcred.Clinical.Tables;

namespace Microcred.Clinical.Export;

/// <summary>Output formats of a generated population.</summary>
public enum PopulationFormat
{
    /// <summary>One FHIR R4 transaction bundle per patient, plus one for the shared reference data.</summary>
    Fhir,

    /// <summary>FHIR R4 bulk-data style: one NDJSON file per resource type.</summary>
    Ndjson,

    /// <summary>Flat tables as RFC 4180 CSV files, one per table.</summary>
    Csv,

    /// <summary>The same flat tables in one SQLite database file, indexed for aggregation.</summary>
    Sqlite,
}

/// <summary>How far an export has got.</summary>
/// <param name="PatientsWritten">Patients written so far.</param>
/// <param name="PatientCount">Patients to write in total.</param>
public sealed record ExportProgress(int PatientsWritten, int PatientCount);

/// <summary>What an export wrote.</summary>
/// <param name="Format">The format written.</param>
/// <param name="Patients">Patients written.</param>
/// <param name="Counts">Rows (tables) or resources (FHIR) written, by table or resource type.</param>
/// <param name="Elapsed">Wall-clock time of the export.</param>
public sealed record ExportResult(PopulationFormat Format, int Patients, IReadOnlyDictionary<string, long> Counts, TimeSpan Elapsed);

/// <summary>
/// Writes a population to a directory while generating it: patients are generated and formatted a batch at
/// a time (in parallel) and written in patient order, so memory stays flat whatever the population size and
/// the files are byte-identical for the same options on any machine.
/// </summary>
public static class PopulationExporter
{
    private const int BatchSize = 256;

    /// <summary>Name of the notice file written into every output directory.</summary>
    public const string NoticeFileName = "NOTICE.txt";

    /// <summary>Generates and writes the population.</summary>
    /// <param name="generator">The population to write.</param>
    /// <param name="format">Output format.</param>
    /// <param name="directory">Output directory; created if missing. Existing files of the same names are replaced.</param>
    /// <param name="progress">Receives progress after each batch.</param>
    /// <param name="maxDegreeOfParallelism">Threads used to generate and format; defaults to the processor count.</param>
    /// <param name="cancellationToken">Stops the export between batches.</param>
    public static async Task<ExportResult> ExportAsync(
        PopulationGenerator generator,
        PopulationFormat format,
        string directory,
        IProgress<ExportProgress>? progress = null,
        int? maxDegreeOfParallelism = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var stopwatch = Stopwatch.StartNew();
        Directory.CreateDirectory(directory);
        var options = generator.Options;
        using var sink = CreateSink(format, directory, generator.Reference);
        sink.Begin(generator.Reference, options);
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };

        object[] PrepareBatch(int start)
        {
            var count = Math.Min(BatchSize, options.PatientCount - start);
            var prepared = new object[count];
            Parallel.For(0, count, parallel, i => prepared[i] = sink.Prepare(generator.GeneratePatient(start + i)));
            return prepared;
        }

        // Double buffering: the next batch is prepared while the current one is written.
        var pending = Task.Run(() => PrepareBatch(0), cancellationToken);
        for (var start = 0; start < options.PatientCount; start += BatchSize)
        {
            var batch = await pending.ConfigureAwait(false);
            var next = start + BatchSize;
            pending = next < options.PatientCount ? Task.Run(() => PrepareBatch(next), cancellationToken) : Task.FromResult(Array.Empty<object>());
            foreach (var prepared in batch)
            {
                sink.Commit(prepared);
            }
            progress?.Report(new ExportProgress(Math.Min(next, options.PatientCount), options.PatientCount));
        }
        await pending.ConfigureAwait(false);
        var counts = sink.Complete();
        WriteNotice(directory, options, format);
        return new ExportResult(format, options.PatientCount, counts, stopwatch.Elapsed);
    }

    private static IPopulationSink CreateSink(PopulationFormat format, string directory, ReferenceData reference) => format switch
    {
        PopulationFormat.Fhir => new FhirBundleSink(directory, reference),
        PopulationFormat.Ndjson => new NdjsonSink(directory, reference),
        PopulationFormat.Csv => new CsvSink(directory),
        PopulationFormat.Sqlite => new SqliteSink(Path.Combine(directory, SqliteSink.FileName)),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown format."),
    };

    private static void WriteNotice(string directory, PopulationOptions options, PopulationFormat format)
    {
        var text = new StringBuilder()
            .AppendLine("SYNTHETIC DATA. Every person, identifier, address and clinical fact in this directory was")
            .AppendLine("generated by Microcred from a random seed. None of it describes a real person.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Format: {format.ToString().ToLowerInvariant()}; seed {options.Seed}; {options.PatientCount} patients; region {options.Region}; as of {options.AsOf:yyyy-MM-dd}; {options.HistoryYears} years of history.")
            .AppendLine(CultureInfo.InvariantCulture, $"Times are the region's local standard time. Measurement period: {options.MeasurementPeriodStart:yyyy-MM-dd} to {options.AsOf:yyyy-MM-dd}.")
            .AppendLine()
            .AppendLine("Codes: ICD-10-CM and ICD-10-PCS (CDC/NCHS, CMS), HCPCS Level II (CMS), RxNorm (NLM), CVX (CDC), UCUM,")
            .AppendLine("LOINC (Regenstrief). No CPT and no SNOMED CT content.")
            .AppendLine()
            .AppendLine(CodeCatalog.LoincNotice);
        File.WriteAllText(Path.Combine(directory, NoticeFileName), text.ToString().ReplaceLineEndings("\n"));
    }
}
