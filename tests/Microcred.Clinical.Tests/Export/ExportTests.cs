using System.Text;
using System.Text.Json;
using Microcred.Clinical.CodeSystems;
using Microcred.Clinical.Export;
using Microcred.Clinical.Fhir;
using Microcred.Clinical.Population;
using Microcred.Clinical.Tables;
using Microsoft.Data.Sqlite;

namespace Microcred.Clinical.Tests.Export;

public sealed class ExportTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<(string Directory, ExportResult Result)> ExportAsync(PopulationFormat format, long seed = 31, int patients = 40, string? name = null)
    {
        var directory = _temp.Sub(name ?? $"{format}-{seed}-{patients}");
        var generator = new PopulationGenerator(new PopulationOptions { Seed = seed, PatientCount = patients });
        return (directory, await PopulationExporter.ExportAsync(generator, format, directory, maxDegreeOfParallelism: 2));
    }

    private static Dictionary<string, byte[]> Files(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f), File.ReadAllBytes, StringComparer.Ordinal);

    [Theory]
    [InlineData(PopulationFormat.Fhir)]
    [InlineData(PopulationFormat.Ndjson)]
    [InlineData(PopulationFormat.Csv)]
    [InlineData(PopulationFormat.Sqlite)]
    public async Task Same_seed_and_options_write_byte_identical_files(PopulationFormat format)
    {
        var (first, _) = await ExportAsync(format, name: "first");
        var (second, _) = await ExportAsync(format, name: "second");
        var a = Files(first);
        var b = Files(second);
        Assert.Equal(a.Keys.Order(StringComparer.Ordinal), b.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, bytes) in a)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(b[name]), $"{name} differs between two runs with the same seed");
        }
    }

    [Theory]
    [InlineData(PopulationFormat.Fhir)]
    [InlineData(PopulationFormat.Ndjson)]
    [InlineData(PopulationFormat.Csv)]
    [InlineData(PopulationFormat.Sqlite)]
    public async Task A_different_seed_writes_different_files(PopulationFormat format)
    {
        var (first, _) = await ExportAsync(format, seed: 1);
        var (second, _) = await ExportAsync(format, seed: 2);
        var a = Files(first);
        var b = Files(second);
        Assert.Contains(a, kv => !b.TryGetValue(kv.Key, out var other) || !kv.Value.AsSpan().SequenceEqual(other));
    }

    [Fact]
    public async Task Output_contains_no_snomed_ct_or_cpt_codes_in_any_format()
    {
        string[] forbidden = ["snomed", "2.16.840.1.113883.6.96", "ama-assn.org", "2.16.840.1.113883.6.12", "/cpt"];
        foreach (var format in Enum.GetValues<PopulationFormat>())
        {
            var (directory, _) = await ExportAsync(format, patients: 120);
            // The notice file is prose that names the excluded systems; every data file is scanned.
            foreach (var (name, bytes) in Files(directory).Where(f => f.Key != PopulationExporter.NoticeFileName))
            {
                var text = Encoding.Latin1.GetString(bytes).ToLowerInvariant();
                foreach (var marker in forbidden)
                {
                    Assert.False(text.Contains(marker, StringComparison.Ordinal), $"{format}/{name} contains '{marker}'");
                }
            }
        }
    }

    [Fact]
    public async Task Every_coding_in_fhir_output_comes_from_a_shippable_system()
    {
        var allowed = new HashSet<string>(StringComparer.Ordinal)
        {
            CodeSystemUris.Icd10Cm, CodeSystemUris.Icd10Pcs, CodeSystemUris.Hcpcs, CodeSystemUris.Loinc, CodeSystemUris.RxNorm,
            CodeSystemUris.Cvx, CodeSystemUris.Ucum, CodeSystemUris.MicrocredEncounterType,
        };
        var (directory, _) = await ExportAsync(PopulationFormat.Ndjson, patients: 150);
        var systems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*.ndjson"))
        {
            foreach (var line in File.ReadLines(file))
            {
                using var document = JsonDocument.Parse(line);
                CollectCodingSystems(document.RootElement, systems);
            }
        }
        Assert.NotEmpty(systems);
        foreach (var system in systems)
        {
            Assert.True(allowed.Contains(system) || system.StartsWith("http://terminology.hl7.org/CodeSystem/", StringComparison.Ordinal), system);
        }
        Assert.Contains(CodeSystemUris.Loinc, systems);
        Assert.Contains(CodeSystemUris.Hcpcs, systems);
        Assert.Contains(CodeSystemUris.Cvx, systems);
    }

    private static void CollectCodingSystems(JsonElement element, HashSet<string> systems)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            // A coding has a system and a code; identifiers have a system and a value and are checked elsewhere.
            if (element.TryGetProperty("system", out var system) && element.TryGetProperty("code", out _))
            {
                systems.Add(system.GetString()!);
            }
            foreach (var property in element.EnumerateObject())
            {
                CollectCodingSystems(property.Value, systems);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                CollectCodingSystems(item, systems);
            }
        }
    }

    [Fact]
    public async Task Ndjson_lines_parse_back_with_the_firely_sdk_and_carry_the_synthetic_tag()
    {
        var (directory, result) = await ExportAsync(PopulationFormat.Ndjson, patients: 30);
        foreach (var type in NdjsonSink.ResourceTypes)
        {
            var lines = File.ReadAllLines(Path.Combine(directory, type + ".ndjson"));
            Assert.Equal(result.Counts[type], lines.Length);
            foreach (var line in lines)
            {
                var resource = FhirJson.Parse(line);
                Assert.Equal(type, resource.TypeName);
                Assert.Contains(resource.Meta!.Tag, c => c.Code == "HTEST");
            }
        }
        Assert.Equal(30, result.Counts["Patient"]);
        Assert.True(File.Exists(Path.Combine(directory, PopulationExporter.NoticeFileName)));
        Assert.Contains("Regenstrief", File.ReadAllText(Path.Combine(directory, PopulationExporter.NoticeFileName)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_ndjson_line_is_exactly_what_the_firely_serializer_writes_for_that_resource()
    {
        var (directory, _) = await ExportAsync(PopulationFormat.Ndjson, patients: 25);
        var generator = new PopulationGenerator(new PopulationOptions { Seed = 31, PatientCount = 25 });
        var mapper = new FhirPopulationMapper(generator.Reference, FhirReferenceStyle.Relative);
        var expected = FhirPopulationMapper.ReferenceResources(generator.Reference)
            .Concat(generator.Patients().SelectMany(mapper.PatientResources))
            .GroupBy(r => r.TypeName)
            .ToDictionary(g => g.Key, g => g.Select(r => FhirJson.Serialize(r)).ToList(), StringComparer.Ordinal);
        foreach (var (type, lines) in expected)
        {
            Assert.Equal(lines, File.ReadAllLines(Path.Combine(directory, type + ".ndjson")));
        }
    }

    [Fact]
    public async Task Fhir_output_has_a_reference_bundle_and_one_transaction_bundle_per_patient()
    {
        var (directory, _) = await ExportAsync(PopulationFormat.Fhir, patients: 12);
        var reference = (Hl7.Fhir.Model.Bundle)FhirJson.Parse(File.ReadAllText(Path.Combine(directory, FhirBundleSink.ReferenceFileName)));
        Assert.Equal(Hl7.Fhir.Model.Bundle.BundleType.Transaction, reference.Type);
        for (var i = 1; i <= 12; i++)
        {
            var path = FhirBundleSink.PatientPath(directory, $"p{i:D7}");
            var bundle = (Hl7.Fhir.Model.Bundle)FhirJson.Parse(File.ReadAllText(path));
            Assert.Equal(Hl7.Fhir.Model.Bundle.BundleType.Transaction, bundle.Type);
            Assert.All(bundle.Entry, e => Assert.StartsWith("urn:uuid:", e.FullUrl, StringComparison.Ordinal));
            Assert.All(bundle.Entry, e => Assert.Equal(Hl7.Fhir.Model.Bundle.HTTPVerb.PUT, e.Request!.Method));
            Assert.IsType<Hl7.Fhir.Model.Patient>(bundle.Entry[0].Resource);
        }
        Assert.EndsWith(Path.Combine("patients", "0000", "p0000012.json"), FhirBundleSink.PatientPath(directory, "p0000012"), StringComparison.Ordinal);
        Assert.EndsWith(Path.Combine("patients", "0001", "p0001001.json"), FhirBundleSink.PatientPath(directory, "p0001001"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_files_are_rfc_4180_with_a_header_and_the_same_rows_as_sqlite()
    {
        var (csv, csvResult) = await ExportAsync(PopulationFormat.Csv, patients: 60);
        var (sqlite, sqliteResult) = await ExportAsync(PopulationFormat.Sqlite, patients: 60);
        Assert.Equal(csvResult.Counts, sqliteResult.Counts);
        using var connection = new SqliteConnection($"Data Source={Path.Combine(sqlite, "population.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        foreach (var table in PopulationTables.All)
        {
            var text = File.ReadAllText(Path.Combine(csv, table.Name + ".csv"));
            Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
            var rows = CsvText.Parse(text.Replace("\r\n", "\n", StringComparison.Ordinal));
            Assert.Equal(table.Columns.Select(c => c.Name), rows[0]);
            Assert.All(rows, r => Assert.Equal(table.Columns.Count, r.Count));
            Assert.Equal(csvResult.Counts[table.Name], rows.Count - 1);

            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {table.Columns[0].Name} FROM {table.Name} ORDER BY rowid";
            using var reader = command.ExecuteReader();
            var ids = new List<string>();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }
            Assert.Equal(rows.Skip(1).Select(r => r[0]), ids);
        }
    }

    [Fact]
    public async Task Sqlite_has_indexes_on_the_columns_graders_aggregate_on()
    {
        var (directory, _) = await ExportAsync(PopulationFormat.Sqlite, patients: 20);
        using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "population.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index'";
        var indexes = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                indexes.Add(reader.GetString(0));
            }
        }
        foreach (var expected in new[] { "ix_observations_code", "ix_observations_patient_id", "ix_encounters_class", "ix_conditions_code", "ix_appointments_status", "ix_claim_diagnoses_code", "ux_patients_key" })
        {
            Assert.Contains(expected, indexes);
        }
        command.CommandText = "EXPLAIN QUERY PLAN SELECT count(*) FROM observations WHERE code = '4548-4'";
        using var plan = command.ExecuteReader();
        var details = new StringBuilder();
        while (plan.Read())
        {
            details.Append(plan.GetString(3));
        }
        Assert.Contains("ix_observations_code", details.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_is_reported_up_to_the_full_count()
    {
        var reports = new List<ExportProgress>();
        var generator = new PopulationGenerator(new PopulationOptions { Seed = 2, PatientCount = 600 });
        await PopulationExporter.ExportAsync(generator, PopulationFormat.Csv, _temp.Sub("progress"), new ListProgress(reports));
        Assert.Equal(600, reports[^1].PatientsWritten);
        Assert.True(reports.Count >= 3);
        Assert.Equal(reports.Select(r => r.PatientsWritten).Order(), reports.Select(r => r.PatientsWritten));
    }

    private sealed class ListProgress(List<ExportProgress> reports) : IProgress<ExportProgress>
    {
        public void Report(ExportProgress value) => reports.Add(value);
    }
}
