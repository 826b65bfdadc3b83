using System.Globalization;
using System.Text.RegularExpressions;
using Microcred.Clinical.Population;
using static Microcred.Clinical.Labs.DataQuality.DataQualityTables;

namespace Microcred.Clinical.Labs.DataQuality;

internal enum DefectType
{
    DuplicateMrn,
    ImpossibleDate,
    OutOfRange,
    UnitMismatch,
    MissingValue,
    InvalidCode,
}

internal static class DefectTypes
{
    public static IReadOnlyList<DefectType> All { get; } = Enum.GetValues<DefectType>();

    public static string Key(this DefectType type) => type switch
    {
        DefectType.DuplicateMrn => "duplicate_mrn",
        DefectType.ImpossibleDate => "impossible_date",
        DefectType.OutOfRange => "out_of_range",
        DefectType.UnitMismatch => "unit_mismatch",
        DefectType.MissingValue => "missing_value",
        _ => "invalid_code",
    };

    public static DefectType? Parse(string text) => All.Cast<DefectType?>().FirstOrDefault(t => t!.Value.Key().Equals(text.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>A defect planted in the extract: the row, the column to flag, its type, and what was done.</summary>
internal sealed record PlantedDefect(string RowId, string Column, DefectType Type, string What);

/// <summary>The audit's truth: which cells were changed and which findings a correct audit reports. The
/// extract itself is the population streamed through these overrides, so the truth never needs the
/// whole population in memory.</summary>
internal sealed class DataQualityScenario
{
    public required PopulationOptions Options { get; init; }

    public required IReadOnlyDictionary<(string RowId, string Column), string> Overrides { get; init; }

    public required IReadOnlyList<PlantedDefect> Defects { get; init; }
}

internal static partial class DataQualityPlanner
{
    private static readonly string[] Icd9Codes = ["250.00", "401.9", "428.0", "496", "493.90"];

    public static int DefectsPerType(int patients) => Math.Clamp(patients / 500, 3, 200);

    public static DataQualityScenario Plan(long seed, string stream, int patients)
    {
        var options = new PopulationOptions { Seed = seed, PatientCount = patients };
        var generator = new PopulationGenerator(options);
        var random = LabRandom.For(seed, stream);
        var used = new HashSet<int>();
        var overrides = new Dictionary<(string, string), string>();
        var defects = new List<PlantedDefect>();
        var perType = DefectsPerType(patients);
        var extractDate = options.AsOf;

        void Plant(string rowId, string column, string value, DefectType type, string what)
        {
            overrides[(rowId, column)] = value;
            defects.Add(new PlantedDefect(rowId, column, type, what));
        }

        PatientRecord Host(Func<PatientRecord, bool> fits)
        {
            for (var attempt = 0; attempt < 400; attempt++)
            {
                var index = random.Next(patients);
                if (used.Contains(index))
                {
                    continue;
                }

                var record = generator.GeneratePatient(index);
                if (fits(record))
                {
                    used.Add(index);
                    return record;
                }
            }

            throw new InvalidOperationException("The population has too few patients to plant this scenario's defects.");
        }

        for (var i = 0; i < perType; i++)
        {
            var a = Host(_ => true).Patient;
            var b = Host(_ => true).Patient;
            overrides[(a.Id, "mrn")] = b.Mrn;
            defects.Add(new PlantedDefect(a.Id, "mrn", DefectType.DuplicateMrn, $"shares MRN {b.Mrn} with {b.Id}"));
            defects.Add(new PlantedDefect(b.Id, "mrn", DefectType.DuplicateMrn, $"shares MRN {b.Mrn} with {a.Id}"));
        }

        for (var i = 0; i < perType; i++)
        {
            var record = Host(r => r.Encounters.Count > 0);
            var birth = record.Patient.BirthDate;
            switch (i % 3)
            {
                case 0:
                {
                    var e = record.Encounters[0];
                    var start = birth.ToDateTime(TimeOnly.FromDateTime(e.Start)).AddDays(-random.Between(30, 2000));
                    Plant(e.Id, "start", Time(start), DefectType.ImpossibleDate, $"starts {Time(start)}, before birth on {Date(birth)}");
                    overrides[(e.Id, "end")] = Time(start + (e.End - e.Start));
                    break;
                }

                case 1:
                {
                    var e = record.Encounters[random.Next(record.Encounters.Count)];
                    var end = e.Start.AddHours(-random.Between(2, 72));
                    Plant(e.Id, "end", Time(end), DefectType.ImpossibleDate, $"ends {Time(end)}, before it starts");
                    break;
                }

                default:
                {
                    var e = record.Encounters[^1];
                    var start = extractDate.ToDateTime(TimeOnly.FromDateTime(e.Start)).AddDays(random.Between(30, 400));
                    Plant(e.Id, "start", Time(start), DefectType.ImpossibleDate, $"starts {Time(start)}, after the extract date");
                    overrides[(e.Id, "end")] = Time(start + (e.End - e.Start));
                    break;
                }
            }
        }

        (string Column, string[] Values)[] outOfRange = [("systolic", ["0", "310", "420"]), ("heart_rate", ["0", "300"]), ("spo2", ["0", "135"])];
        for (var i = 0; i < perType; i++)
        {
            var (column, values) = outOfRange[i % outOfRange.Length];
            var index = Array.IndexOf(VitalsColumns, column);
            var record = Host(r => VitalsRows(r).Any(v => v[index].Length > 0));
            var row = VitalsRows(record).First(v => v[index].Length > 0);
            var value = random.Pick(values);
            Plant(row[0], column, value, DefectType.OutOfRange, $"{column} {value} (was {row[index]})");
        }

        int weight = Array.IndexOf(VitalsColumns, "weight_kg"), bmi = Array.IndexOf(VitalsColumns, "bmi"), temperature = Array.IndexOf(VitalsColumns, "temp_c");
        for (var i = 0; i < perType; i++)
        {
            if (i % 2 == 0)
            {
                bool Fits(string[] v) => v[bmi].Length > 0 && v[weight].Length > 0 && decimal.Parse(v[weight], CultureInfo.InvariantCulture) is > 20 and <= 150;
                var row = VitalsRows(Host(r => VitalsRows(r).Any(Fits))).First(Fits);
                var pounds = Math.Round(decimal.Parse(row[weight], CultureInfo.InvariantCulture) * 2.20462m, 1).ToString(CultureInfo.InvariantCulture);
                Plant(row[0], "weight_kg", pounds, DefectType.UnitMismatch, $"weight {row[weight]} kg recorded as {pounds} (pounds)");
            }
            else
            {
                var row = VitalsRows(Host(r => VitalsRows(r).Any(v => v[temperature].Length > 0))).First(v => v[temperature].Length > 0);
                var fahrenheit = Math.Round((decimal.Parse(row[temperature], CultureInfo.InvariantCulture) * 9m / 5m) + 32m, 1).ToString(CultureInfo.InvariantCulture);
                Plant(row[0], "temp_c", fahrenheit, DefectType.UnitMismatch, $"temperature {row[temperature]} °C recorded as {fahrenheit} (°F)");
            }
        }

        for (var i = 0; i < perType; i++)
        {
            switch (i % 4)
            {
                case 0:
                    Plant(Host(_ => true).Patient.Id, "sex", string.Empty, DefectType.MissingValue, "sex is empty");
                    break;
                case 1:
                    Plant(Host(_ => true).Patient.Id, "birth_date", string.Empty, DefectType.MissingValue, "birth_date is empty");
                    break;
                case 2:
                    var encounter = Host(r => r.Encounters.Count > 0).Encounters[0];
                    Plant(encounter.Id, "class", string.Empty, DefectType.MissingValue, "class is empty");
                    break;
                default:
                    var vitals = VitalsRows(Host(r => VitalsRows(r).Any())).First();
                    Plant(vitals[0], "measured_at", string.Empty, DefectType.MissingValue, "measured_at is empty");
                    break;
            }
        }

        for (var i = 0; i < perType; i++)
        {
            var record = Host(r => r.Encounters.Any(e => e.Reason is not null));
            var e = record.Encounters.First(x => x.Reason is not null);
            var code = e.Reason!.Code;
            var broken = (i % 3) switch
            {
                0 => code.Contains('.', StringComparison.Ordinal) ? code.Replace('.', '-') : code + "-",
                1 => random.Pick(Icd9Codes),
                _ => code[..2],
            };
            Plant(e.Id, "diagnosis_code", broken, DefectType.InvalidCode, $"diagnosis code {broken} (was {code})");
        }

        return new DataQualityScenario { Options = options, Overrides = overrides, Defects = defects };
    }

    [GeneratedRegex(@"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$", RegexOptions.CultureInvariant)]
    internal static partial Regex Icd10CmShape();
}
