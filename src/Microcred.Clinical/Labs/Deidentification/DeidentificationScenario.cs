using System.Globalization;
using Microcred.Clinical.Population;
using static Microcred.Clinical.Labs.Deidentification.SafeHarborCategory;

namespace Microcred.Clinical.Labs.Deidentification;

internal enum DeidColumnKind
{
    RowId,
    Identifier,
    State,
    Zip,
    Age,
    BirthDate,
    EventDate,
    Clinical,
    FreeText,
}

internal sealed record DeidColumn(string Name, DeidColumnKind Kind, SafeHarborCategory? Category = null);

/// <summary>An identifier the grader looks for in a row's text, as it was written in the scenario.</summary>
/// <param name="Category">The Safe Harbor category it belongs to.</param>
/// <param name="Text">The identifier as the scenario wrote it.</param>
/// <param name="WholeWord">Names and places match as whole words only.</param>
internal sealed record KnownIdentifier(SafeHarborCategory Category, string Text, bool WholeWord);

/// <summary>One patient row: the values as given, what the grader knows about its identifiers, and how
/// many identifier instances were planted per category (the denominators of the identifier criteria).</summary>
internal sealed class DeidRow
{
    private IdentifierSearch? _knownSearch;

    public required string RowId { get; init; }

    public required IReadOnlyDictionary<string, string> Values { get; init; }

    public required int Age { get; init; }

    public required string Zip3Expected { get; init; }

    public required string DiagnosisDescription { get; init; }

    public required IReadOnlyList<KnownIdentifier> Known { get; init; }

    /// <summary>The search for <see cref="Known"/> in free text, built on first use and kept with the cached scenario.</summary>
    public IdentifierSearch KnownSearch => _knownSearch ??= new IdentifierSearch(Known);

    public required IReadOnlyDictionary<SafeHarborCategory, int> Planted { get; init; }

    public bool NinetyOrOlder => Age >= 90;
}

internal sealed record DeidentificationScenario(IReadOnlyList<DeidRow> Rows, IReadOnlyList<Zip3Area> Areas)
{
    /// <summary>The region's place names, looked for as whole words in free text.</summary>
    public IdentifierSearch Places { get; } = IdentifierSearch.Places(Areas.Select(a => a.City).Distinct(StringComparer.Ordinal));

    /// <summary>Identifier instances planted per category over all rows.</summary>
    public IReadOnlyDictionary<SafeHarborCategory, int> PlantedTotals { get; } = Rows
        .SelectMany(r => r.Planted)
        .GroupBy(p => p.Key)
        .ToDictionary(g => g.Key, g => g.Sum(p => p.Value));

    public static IReadOnlyList<DeidColumn> Columns { get; } =
    [
        new("row_id", DeidColumnKind.RowId),
        new("mrn", DeidColumnKind.Identifier, MedicalRecordNumber),
        new("ssn", DeidColumnKind.Identifier, SocialSecurityNumber),
        new("first_name", DeidColumnKind.Identifier, Name),
        new("last_name", DeidColumnKind.Identifier, Name),
        new("street", DeidColumnKind.Identifier, Geography),
        new("city", DeidColumnKind.Identifier, Geography),
        new("state", DeidColumnKind.State),
        new("zip", DeidColumnKind.Zip, Geography),
        new("birth_date", DeidColumnKind.BirthDate, Date),
        new("age", DeidColumnKind.Age, Date),
        new("admission_date", DeidColumnKind.EventDate, Date),
        new("discharge_date", DeidColumnKind.EventDate, Date),
        new("death_date", DeidColumnKind.EventDate, Date),
        new("phone", DeidColumnKind.Identifier, Telephone),
        new("fax", DeidColumnKind.Identifier, Fax),
        new("email", DeidColumnKind.Identifier, Email),
        new("health_plan_id", DeidColumnKind.Identifier, HealthPlanNumber),
        new("account_number", DeidColumnKind.Identifier, AccountNumber),
        new("drivers_license", DeidColumnKind.Identifier, LicenseNumber),
        new("vehicle_plate", DeidColumnKind.Identifier, VehicleIdentifier),
        new("device_serial", DeidColumnKind.Identifier, DeviceIdentifier),
        new("portal_url", DeidColumnKind.Identifier, Url),
        new("last_login_ip", DeidColumnKind.Identifier, IpAddress),
        new("fingerprint_id", DeidColumnKind.Identifier, Biometric),
        new("photo_file", DeidColumnKind.Identifier, Photograph),
        new("employee_badge", DeidColumnKind.Identifier, OtherUniqueCode),
        new("sex", DeidColumnKind.Clinical),
        new("primary_diagnosis", DeidColumnKind.Clinical),
        new("diagnosis_description", DeidColumnKind.Clinical),
        new("systolic_bp", DeidColumnKind.Clinical),
        new("hba1c", DeidColumnKind.Clinical),
        new("length_of_stay_days", DeidColumnKind.Clinical),
        new("discharge_disposition", DeidColumnKind.Clinical),
        new("payer_type", DeidColumnKind.Clinical),
        new("notes", DeidColumnKind.FreeText),
    ];
}

/// <summary>Builds the patients table from the synthetic population, adding the identifier kinds the
/// population does not carry (fax, account, licence, plate, URL, IP, biometric, photo, badge) and free-text
/// notes that repeat some identifiers in several formats.</summary>
internal static class DeidentificationPlanner
{
    private static readonly string[] Employers =
    [
        "Granite Ledge Paper Company", "Lakeshore Regional School District", "Kettle Pond Creamery", "North Notch Outfitters",
        "Birchwood Logistics", "Summit Ridge Credit Union", "Pine Hollow Sawmill", "Clearwater Regional Library",
    ];

    private static readonly string[] Relations = ["daughter", "son", "wife", "husband", "sister", "brother"];

    public static DeidentificationScenario Plan(long seed, string stream, int patients)
    {
        var options = new PopulationOptions { Seed = seed, PatientCount = patients };
        var generator = new PopulationGenerator(options);
        var random = LabRandom.For(seed, stream);
        var areas = generator.Reference.Region.Areas;
        var zip3 = areas.ToDictionary(a => a.Zip3, StringComparer.Ordinal);
        var rows = new List<DeidRow>(patients);
        for (var i = 0; i < patients; i++)
        {
            rows.Add(BuildRow(generator.GeneratePatient(i), i, random, zip3, options.AsOf));
        }

        return new DeidentificationScenario(rows, areas);
    }

    private static DeidRow BuildRow(PatientRecord record, int index, SeededRandom random, Dictionary<string, Zip3Area> areas, DateOnly asOf)
    {
        var p = record.Patient;
        if (index % 10 == 6)
        {
            // Every tenth patient moves to a small or restricted ZIP3 area so the 000 rule always has cases.
            var small = areas.Values.Where(a => a.ApproximatePopulation <= SafeHarborZip3.PopulationThreshold || SafeHarborZip3.Restricted.Contains(a.Zip3))
                .OrderBy(a => a.Zip3, StringComparer.Ordinal).ToList();
            var smallArea = random.Pick(small);
            p = p with
            {
                Address = new Address(p.Address.Line, smallArea.City, smallArea.State, smallArea.Zip3 + random.Between(1, 99).ToString("D2", CultureInfo.InvariantCulture)),
                Phone = smallArea.AreaCode + p.Phone[3..],
            };
        }

        var stay = record.Encounters.LastOrDefault(e => e.Class == EncounterClass.Inpatient) ?? (record.Encounters.Count > 0 ? record.Encounters[^1] : null);
        var admitted = stay is null ? asOf.AddDays(-random.Between(20, 600)) : DateOnly.FromDateTime(stay.Start);
        var discharged = stay is null ? admitted.AddDays(random.Between(1, 6)) : DateOnly.FromDateTime(stay.End);

        // Every tenth patient is 90 or older so the age rule always has cases; the population has few.
        var birth = index % 10 == 3 ? admitted.AddYears(-(90 + random.Between(0, 7))).AddDays(-random.Between(1, 300)) : p.BirthDate;
        var age = AgeOn(birth, admitted);
        var death = p.DeathDate is { } d && d >= discharged ? d : (DateOnly?)null;
        var area = areas.GetValueOrDefault(p.Address.Zip3);
        var zip3Expected = SafeHarborZip3.Restricted.Contains(p.Address.Zip3) || (area?.ApproximatePopulation ?? 0) <= SafeHarborZip3.PopulationThreshold
            ? "000" : p.Address.Zip3;
        var areaCode = p.Phone[..3];
        var fax = $"{areaCode}-555-01{random.Next(100):D2}";
        var account = $"ACCT-{random.Between(10_000_000, 99_999_999)}";
        var licence = $"{p.Address.State}-DL-{random.Between(1_000_000, 9_999_999)}";
        var plate = $"PLT {random.Between(100, 999)}-{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}";
        var serial = record.Devices.Count > 0 ? record.Devices[0].SerialNumber : $"SYNDEV-{random.Between(1_000_000, 9_999_999)}";
        var url = $"https://portal.example.org/patients/{p.Mrn[4..]}";
        var ip = $"{random.Pick(["192.0.2", "198.51.100", "203.0.113"])}.{random.Between(1, 254)}";
        var fingerprint = $"FP-{random.NextUInt64() & 0xFFFFFFFFFF:X10}";
        var photo = $"photo_{p.GivenName}_{p.FamilyName}_{random.Between(1000, 9999)}.jpg".ToLowerInvariant();
        var badge = $"EMP-{random.Between(100_000, 999_999)}";
        var employer = random.Pick(Employers);
        var relation = random.Pick(Relations);
        var relativeGiven = relation is "daughter" or "wife" or "sister" ? random.Pick(SyntheticNames.FemaleGiven) : random.Pick(SyntheticNames.MaleGiven);
        var condition = record.Conditions.FirstOrDefault(c => c.Category == ConditionCategory.ProblemListItem) ?? (record.Conditions.Count > 0 ? record.Conditions[0] : null);
        var diagnosisCode = condition?.Code.Code ?? "Z00.00";
        var diagnosisText = condition?.Code.Display ?? "Encounter for general adult medical examination without abnormal findings";
        var bp = record.Observations.LastOrDefault(o => o.Code.Code == "85354-9");
        var systolic = bp?.Components[0].Value.ToString(CultureInfo.InvariantCulture) ?? random.Between(108, 162).ToString(CultureInfo.InvariantCulture);
        var diastolic = bp?.Components[1].Value.ToString(CultureInfo.InvariantCulture) ?? random.Between(62, 94).ToString(CultureInfo.InvariantCulture);
        var a1c = record.Observations.LastOrDefault(o => o.Code.Code == "4548-4")?.Value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
        var disposition = stay?.Admission?.Disposition.ToString() ?? "Home";

        var known = new List<KnownIdentifier>
        {
            new(Name, p.GivenName, true), new(Name, p.FamilyName, true), new(Name, relativeGiven, true), new(Name, employer, true),
            new(Geography, p.Address.Line, false), new(Geography, p.Address.City, true), new(Geography, p.Address.PostalCode, true),
            new(MedicalRecordNumber, p.Mrn, false), new(Telephone, p.Phone, false), new(Fax, fax, false), new(Email, p.Email, false),
            new(AccountNumber, account, false), new(LicenseNumber, licence, false), new(VehicleIdentifier, plate, false),
            new(DeviceIdentifier, serial, false), new(Url, url, false), new(IpAddress, ip, true), new(Biometric, fingerprint, false),
            new(Photograph, photo, false), new(OtherUniqueCode, badge, false),
        };
        if (p.Ssn is not null)
        {
            known.Add(new(SocialSecurityNumber, p.Ssn, false));
        }

        if (p.MemberId is not null)
        {
            known.Add(new(HealthPlanNumber, p.MemberId, false));
        }

        var planted = new Dictionary<SafeHarborCategory, int>();
        void Plant(SafeHarborCategory category, int count = 1) => planted[category] = planted.GetValueOrDefault(category) + count;

        var followUp = discharged.AddDays(random.Between(7, 30));
        var note = new List<string> { $"{p.GivenName} {p.FamilyName} (MRN {p.Mrn}) was admitted on {admitted.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture)}." };
        Plant(Name);
        Plant(MedicalRecordNumber);
        Plant(Date);
        if (age >= 90)
        {
            note.Add($"Patient is a {age}-year-old {(p.Sex == AdministrativeSex.Female ? "woman" : "man")}.");
            Plant(Date);
        }

        note.Add($"Assessment: {diagnosisText}. BP {systolic}/{diastolic}.");
        if (random.Chance(0.6))
        {
            note.Add($"{(p.Sex == AdministrativeSex.Female ? "Her" : "His")} {relation} {relativeGiven} {p.FamilyName} can be reached at {p.Phone}.");
            Plant(Name, 2);
            Plant(Telephone);
        }

        if (random.Chance(0.5))
        {
            note.Add($"Lives at {p.Address.Line}, {p.Address.City}.");
            Plant(Geography, 2);
        }

        if (random.Chance(0.4))
        {
            note.Add($"Prefers portal messages to {p.Email}.");
            Plant(Email);
        }

        if (random.Chance(0.5))
        {
            note.Add($"Follow-up visit {followUp.ToString("M/d/yyyy", CultureInfo.InvariantCulture)}.");
            Plant(Date);
        }

        if (random.Chance(0.3))
        {
            note.Add($"Works at {employer} (badge {badge}).");
            Plant(Name);
            Plant(OtherUniqueCode);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["row_id"] = (index + 1).ToString(CultureInfo.InvariantCulture),
            ["mrn"] = p.Mrn,
            ["ssn"] = p.Ssn ?? string.Empty,
            ["first_name"] = p.GivenName,
            ["last_name"] = p.FamilyName,
            ["street"] = p.Address.Line,
            ["city"] = p.Address.City,
            ["state"] = p.Address.State,
            ["zip"] = p.Address.PostalCode,
            ["birth_date"] = Iso(birth),
            ["age"] = age.ToString(CultureInfo.InvariantCulture),
            ["admission_date"] = Iso(admitted),
            ["discharge_date"] = Iso(discharged),
            ["death_date"] = death is null ? string.Empty : Iso(death.Value),
            ["phone"] = p.Phone,
            ["fax"] = fax,
            ["email"] = p.Email,
            ["health_plan_id"] = p.MemberId ?? string.Empty,
            ["account_number"] = account,
            ["drivers_license"] = licence,
            ["vehicle_plate"] = plate,
            ["device_serial"] = serial,
            ["portal_url"] = url,
            ["last_login_ip"] = ip,
            ["fingerprint_id"] = fingerprint,
            ["photo_file"] = photo,
            ["employee_badge"] = badge,
            ["sex"] = p.Sex == AdministrativeSex.Female ? "F" : "M",
            ["primary_diagnosis"] = diagnosisCode,
            ["diagnosis_description"] = diagnosisText,
            ["systolic_bp"] = systolic,
            ["hba1c"] = a1c,
            ["length_of_stay_days"] = (discharged.DayNumber - admitted.DayNumber).ToString(CultureInfo.InvariantCulture),
            ["discharge_disposition"] = disposition,
            ["payer_type"] = p.PayerKind.ToString(),
            ["notes"] = string.Join(' ', note),
        };

        foreach (var column in DeidentificationScenario.Columns)
        {
            if (column.Category is { } category && values[column.Name].Length > 0 && column.Kind is not DeidColumnKind.Age)
            {
                Plant(category);
            }
        }

        if (age >= 90)
        {
            Plant(Date);
        }

        return new DeidRow
        {
            RowId = values["row_id"],
            Values = values,
            Age = age,
            Zip3Expected = zip3Expected,
            DiagnosisDescription = diagnosisText,
            Known = known.OrderByDescending(k => k.Text.Length).ToList(),
            Planted = planted,
        };
    }

    private static int AgeOn(DateOnly birth, DateOnly date)
    {
        var age = date.Year - birth.Year;
        return birth.AddYears(age) > date ? age - 1 : age;
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
