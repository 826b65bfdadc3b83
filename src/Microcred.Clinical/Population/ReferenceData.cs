using System.Globalization;

namespace Microcred.Clinical.Population;

/// <summary>
/// Organizations, practitioners and locations shared by every patient of a population. They depend on
/// the seed and region only, never on the patient count, so a small and a large population from the
/// same seed share them (and patient <c>n</c> is the same patient in both).
/// </summary>
public sealed class ReferenceData
{
    private readonly Dictionary<string, Organization> _organizations;
    private readonly Dictionary<string, Practitioner> _practitioners;
    private readonly Dictionary<string, Location> _locations;

    private ReferenceData(Region region, List<Organization> organizations, List<Practitioner> practitioners, List<Location> locations, Dictionary<string, CareNetwork> networks)
    {
        Region = region;
        Organizations = organizations;
        Practitioners = practitioners;
        Locations = locations;
        Networks = networks;
        _organizations = organizations.ToDictionary(o => o.Id, StringComparer.Ordinal);
        _practitioners = practitioners.ToDictionary(p => p.Id, StringComparer.Ordinal);
        _locations = locations.ToDictionary(l => l.Id, StringComparer.Ordinal);
    }

    /// <summary>The region the population lives in.</summary>
    public Region Region { get; }

    /// <summary>Providers and payers, by id.</summary>
    public IReadOnlyList<Organization> Organizations { get; }

    /// <summary>Clinicians, by id.</summary>
    public IReadOnlyList<Practitioner> Practitioners { get; }

    /// <summary>Places of care, by id.</summary>
    public IReadOnlyList<Location> Locations { get; }

    internal IReadOnlyDictionary<string, CareNetwork> Networks { get; }

    internal Payers PayerIds { get; private init; } = null!;

    /// <summary>Looks an organization up by id.</summary>
    public Organization Organization(string id) => _organizations[id];

    /// <summary>Looks a practitioner up by id.</summary>
    public Practitioner Practitioner(string id) => _practitioners[id];

    /// <summary>Looks a location up by id.</summary>
    public Location Location(string id) => _locations[id];

    /// <summary>Builds the reference data for a seed and region.</summary>
    public static ReferenceData Create(long seed, Region region)
    {
        ArgumentNullException.ThrowIfNull(region);
        var rng = SeededRandom.ForStream(unchecked((ulong)seed), 0, purpose: 1);
        var organizations = new List<Organization>();
        var practitioners = new List<Practitioner>();
        var locations = new List<Location>();

        string NextOrgId() => $"org-{organizations.Count + 1:D3}";
        string NextLocId() => $"loc-{locations.Count + 1:D3}";
        string Phone(Zip3Area area) => $"{area.AreaCode}-555-01{rng.Next(100):D2}";
        Address AddressIn(Zip3Area area) => new(
            $"{rng.Between(10, 980)} {rng.Pick(SyntheticNames.StreetNames)} {rng.Pick(SyntheticNames.StreetSuffixes)}",
            area.City,
            area.State,
            area.Zip3 + rng.Between(1, 99).ToString("D2", CultureInfo.InvariantCulture));

        Practitioner AddPractitioner(string organizationId, string credential, string specialty)
        {
            var female = rng.Chance(0.55);
            var practitioner = new Practitioner
            {
                Id = $"pr-{practitioners.Count + 1:D4}",
                Identifier = $"SYNP-{100000 + (practitioners.Count + 1) * 37:D6}",
                GivenName = rng.Pick(female ? SyntheticNames.FemaleGiven : SyntheticNames.MaleGiven),
                FamilyName = rng.Pick(SyntheticNames.Family),
                Credential = credential,
                Specialty = specialty,
                OrganizationId = organizationId,
            };
            practitioners.Add(practitioner);
            return practitioner;
        }

        Location AddLocation(Organization organization, string name, LocationKind kind)
        {
            var location = new Location { Id = NextLocId(), Name = name, Kind = kind, OrganizationId = organization.Id, Address = organization.Address };
            locations.Add(location);
            return location;
        }

        Organization AddOrganization(string name, OrganizationKind kind, Zip3Area area)
        {
            var organization = new Organization { Id = NextOrgId(), Name = name, Kind = kind, Address = AddressIn(area), Phone = Phone(area) };
            organizations.Add(organization);
            return organization;
        }

        var largest = region.Areas.OrderByDescending(a => a.ApproximatePopulation).ThenBy(a => a.Zip3, StringComparer.Ordinal).First();
        var payers = new Payers(
            AddOrganization("Medicare (synthetic demonstration payer)", OrganizationKind.Payer, largest).Id,
            AddOrganization("Medicaid (synthetic demonstration payer)", OrganizationKind.Payer, largest).Id,
            [
                AddOrganization("Granite Summit Health Plan (synthetic)", OrganizationKind.Payer, largest).Id,
                AddOrganization("Lakeshore Mutual Health (synthetic)", OrganizationKind.Payer, largest).Id,
            ]);

        var hospitalCount = Math.Max(1, region.Areas.Count / 5);
        var hospitalAreas = region.Areas.OrderByDescending(a => a.ApproximatePopulation).ThenBy(a => a.Zip3, StringComparer.Ordinal).Take(hospitalCount).ToList();
        var hospitals = new List<HospitalSite>();
        foreach (var area in hospitalAreas)
        {
            var hospital = AddOrganization($"{area.City} General Hospital (synthetic)", OrganizationKind.Hospital, area);
            var ed = AddLocation(hospital, $"{area.City} General Emergency Department", LocationKind.EmergencyDepartment);
            var ward = AddLocation(hospital, $"{area.City} General Medical-Surgical Unit", LocationKind.InpatientWard);
            var emergency = Enumerable.Range(0, 4).Select(_ => AddPractitioner(hospital.Id, rng.Chance(0.8) ? "MD" : "DO", "Emergency Medicine").Id).ToList();
            var hospitalists = Enumerable.Range(0, 4).Select(_ => AddPractitioner(hospital.Id, "MD", "Hospital Medicine").Id).ToList();
            var surgeons = new List<string>
            {
                AddPractitioner(hospital.Id, "MD", "General Surgery").Id,
                AddPractitioner(hospital.Id, "MD", "Orthopaedic Surgery").Id,
                AddPractitioner(hospital.Id, "MD", "Cardiology").Id,
                AddPractitioner(hospital.Id, "MD", "Obstetrics and Gynecology").Id,
            };
            hospitals.Add(new HospitalSite(area.State, hospital.Id, ed.Id, ward.Id, emergency, hospitalists, surgeons));
        }

        var homeHealth = AddOrganization($"{largest.City} Visiting Nurse Association (synthetic)", OrganizationKind.HomeHealthAgency, largest);
        var homeHealthLocation = AddLocation(homeHealth, "Patient home (home health)", LocationKind.PatientHome);
        var homeHealthStaff = Enumerable.Range(0, 4).Select(_ => AddPractitioner(homeHealth.Id, "RN", "Home Health Nursing").Id).ToList();
        var hospice = AddOrganization($"{largest.City} Hospice Care (synthetic)", OrganizationKind.Hospice, largest);
        var hospiceLocation = AddLocation(hospice, "Patient home (hospice)", LocationKind.PatientHome);
        var hospiceStaff = new List<string>
        {
            AddPractitioner(hospice.Id, "MD", "Hospice and Palliative Medicine").Id,
            AddPractitioner(hospice.Id, "RN", "Hospice Nursing").Id,
            AddPractitioner(hospice.Id, "RN", "Hospice Nursing").Id,
        };

        var facilities = new Dictionary<string, FacilitySite>(StringComparer.Ordinal);
        foreach (var state in region.Areas.Select(a => a.State).Distinct(StringComparer.Ordinal))
        {
            var area = region.Areas.Where(a => a.State == state).OrderByDescending(a => a.ApproximatePopulation).First();
            var facility = AddOrganization($"{area.City} Pines Nursing and Rehabilitation (synthetic)", OrganizationKind.NursingFacility, area);
            var facilityLocation = AddLocation(facility, $"{area.City} Pines long-term care unit", LocationKind.NursingFacility);
            var clinician = AddPractitioner(facility.Id, "NP", "Geriatric Medicine").Id;
            facilities[state] = new FacilitySite(facility.Id, facilityLocation.Id, facility.Address, clinician);
        }

        var networks = new Dictionary<string, CareNetwork>(StringComparer.Ordinal);
        foreach (var area in region.Areas)
        {
            var clinic = AddOrganization($"{area.City} {rng.Pick(SyntheticNames.ClinicStems)} (synthetic)", OrganizationKind.Clinic, area);
            var clinicLocation = AddLocation(clinic, $"{clinic.Name[..clinic.Name.IndexOf(" (", StringComparison.Ordinal)]} clinic", LocationKind.Clinic);
            var virtualLocation = AddLocation(clinic, $"{clinic.Name[..clinic.Name.IndexOf(" (", StringComparison.Ordinal)]} telehealth", LocationKind.Virtual);
            var providerCount = Math.Clamp(2 + area.ApproximatePopulation / 60_000, 2, 6);
            var primaryCare = Enumerable.Range(0, providerCount)
                .Select(i => AddPractitioner(clinic.Id, i % 3 == 2 ? "NP" : rng.Chance(0.85) ? "MD" : "DO", "Family Medicine").Id)
                .ToList();
            var hospital = hospitals.FirstOrDefault(h => h.State == area.State) ?? hospitals[0];
            networks[area.Zip3] = new CareNetwork(
                area, clinic.Id, clinicLocation.Id, virtualLocation.Id, primaryCare, hospital,
                new HomeSite(homeHealth.Id, homeHealthLocation.Id, homeHealthStaff),
                new HomeSite(hospice.Id, hospiceLocation.Id, hospiceStaff),
                facilities[area.State]);
        }

        return new ReferenceData(region, organizations, practitioners, locations, networks) { PayerIds = payers };
    }
}

internal sealed record Payers(string Medicare, string Medicaid, IReadOnlyList<string> Commercial);

internal sealed record HospitalSite(string State, string OrganizationId, string EmergencyLocationId, string WardLocationId, IReadOnlyList<string> EmergencyPhysicians, IReadOnlyList<string> Hospitalists, IReadOnlyList<string> Specialists)
{
    public string GeneralSurgeon => Specialists[0];

    public string OrthopaedicSurgeon => Specialists[1];

    public string Cardiologist => Specialists[2];

    public string Obstetrician => Specialists[3];
}

internal sealed record HomeSite(string OrganizationId, string LocationId, IReadOnlyList<string> Staff);

internal sealed record FacilitySite(string OrganizationId, string LocationId, Address Address, string Clinician);

/// <summary>Where a patient living in one ZIP3 area gets care.</summary>
internal sealed record CareNetwork(
    Zip3Area Area,
    string ClinicId,
    string ClinicLocationId,
    string VirtualLocationId,
    IReadOnlyList<string> PrimaryCare,
    HospitalSite Hospital,
    HomeSite HomeHealth,
    HomeSite Hospice,
    FacilitySite NursingFacility);
