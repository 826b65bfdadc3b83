using System.Globalization;
using Microcred.Clinical.CodeSystems;

namespace Microcred.Clinical.Population;

internal enum Disease
{
    Hypertension,
    Diabetes,
    Obesity,
    Hyperlipidemia,
    HeartFailure,
    Copd,
    Asthma,
    Depression,
    Anxiety,
    ChronicKidneyDisease,
    AtrialFibrillation,
    CoronaryDisease,
    Dementia,
    LungCancer,
    BreastCancer,
    Hypothyroidism,
    Reflux,
    SleepApnea,
    KneeOsteoarthritis,
    Frailty,
}

internal enum DrugRole
{
    BloodPressure,
    Glucose,
    Statin,
    Other,
}

internal enum VisitKind
{
    Routine,
    Preventive,
    AnnualWellness,
    Diagnosis,
    Prenatal,
    Acute,
    Emergency,
    Inpatient,
    HomeHealth,
    Hospice,
    NursingFacility,
    Palliative,
    MonitoringEnrollment,
    MonitoringReview,
}

/// <summary>Simulates one patient's history. Everything is drawn from the patient's own random stream.</summary>
internal sealed class PatientSimulation
{
    private const double DaysPerYear = 365.25;

    private readonly PopulationOptions _options;
    private readonly ReferenceData _reference;
    private readonly int _index;
    private readonly SeededRandom _rng;
    private readonly string _id;
    private readonly DateOnly _asOf;

    private CareNetwork _network = null!;
    private Patient _patient = null!;
    private AdministrativeSex _sex;
    private DateOnly _birth;
    private DateOnly? _death;
    private DateOnly _windowStart;
    private DateOnly _windowEnd;
    private int _ageAtAsOf;

    // Latent physiology; observed values are these plus measurement noise and treatment effects.
    private double _adultHeight;
    private double _bmi;
    private double _weightDrift;
    private double _sbpBase;
    private double _a1cBase;
    private double _a1cTrend;
    private double _ldlBase;
    private double _egfrBase;
    private double _egfrDecline;
    private double _adherence;
    private double _bnpBase;

    private readonly List<ChronicProblem> _chronic = [];
    private readonly List<Drug> _drugs = [];
    private readonly List<PlannedVisit> _visits = [];
    private readonly List<PlannedAppointment> _appointments = [];

    private DateOnly? _hospiceStart;
    private DateOnly? _facilityFrom;
    private DateOnly? _monitoringFrom;
    private DateOnly? _monitoringTo;
    private DateOnly? _conception;
    private DateOnly? _delivery;

    private readonly List<Condition> _conditions = [];
    private readonly List<Observation> _observations = [];
    private readonly List<MedicationRequest> _medications = [];
    private readonly List<Immunization> _immunizations = [];
    private readonly List<Procedure> _procedures = [];
    private readonly List<Device> _devices = [];
    private readonly List<RemoteReading> _readings = [];
    private readonly List<AllergyIntolerance> _allergies = [];
    private readonly List<Claim> _claims = [];

    public PatientSimulation(PopulationOptions options, ReferenceData reference, int index)
    {
        _options = options;
        _reference = reference;
        _index = index;
        _rng = SeededRandom.ForStream(unchecked((ulong)options.Seed), (ulong)index + 1, purpose: 2);
        _id = $"p{index + 1:D7}";
        _asOf = options.AsOf;
    }

    public PatientRecord Run()
    {
        ChooseDemographics();
        ChooseChronicProblems();
        ChooseLifeEvents();
        BuildPatient();
        PlanVisits();
        var encounters = MaterializeVisits();
        GenerateRemoteReadings();
        GenerateAllergies();
        FinishMedications();
        var appointments = FinishAppointments();
        GenerateClaims(encounters);

        return new PatientRecord
        {
            Patient = _patient,
            Encounters = encounters,
            Appointments = appointments,
            Conditions = [.. _conditions.OrderBy(c => c.Onset).ThenBy(c => c.Id, StringComparer.Ordinal)],
            Observations = _observations,
            Medications = [.. _medications.OrderBy(m => m.AuthoredOn).ThenBy(m => m.Id, StringComparer.Ordinal)],
            Allergies = _allergies,
            Immunizations = _immunizations,
            Procedures = _procedures,
            Devices = _devices,
            RemoteReadings = _readings,
            Claims = _claims,
        };
    }

    // ------------------------------------------------------------------ demographics

    private void ChooseDemographics()
    {
        var areas = _reference.Region.Areas;
        Span<double> weights = stackalloc double[areas.Count];
        for (var i = 0; i < areas.Count; i++)
        {
            weights[i] = areas[i].ApproximatePopulation;
        }
        _network = _reference.Networks[areas[_rng.PickWeighted(weights)].Zip3];

        _sex = _rng.Chance(0.51) ? AdministrativeSex.Female : AdministrativeSex.Male;
        // Age bands roughly follow the US age pyramid.
        ReadOnlySpan<double> bandWeights = [5.7, 18.5, 9.5, 13.5, 12.7, 12.3, 12.9, 8.6, 4.9, 1.4];
        ReadOnlySpan<int> bandStarts = [0, 5, 18, 25, 35, 45, 55, 65, 75, 85];
        ReadOnlySpan<int> bandEnds = [4, 17, 24, 34, 44, 54, 64, 74, 84, 99];
        var band = _rng.PickWeighted(bandWeights);
        _ageAtAsOf = _rng.Between(bandStarts[band], bandEnds[band]);
        _birth = _asOf.AddYears(-_ageAtAsOf).AddDays(-_rng.Next(365));
        _windowStart = Max(_options.HistoryStart, _birth);
        _windowEnd = _asOf;

        _adultHeight = _sex == AdministrativeSex.Female ? _rng.Normal(162, 6.5) : _rng.Normal(176, 7);
        _bmi = Math.Clamp(_rng.Normal(28.5, 5.8), 17.5, 55);
        _weightDrift = _rng.Normal(0.3, 1.0);
        _adherence = _rng.Chance(0.25) ? _rng.Uniform(0.15, 0.5) : _rng.Uniform(0.75, 1.0);
        var adultAge = Math.Max(0, _ageAtAsOf - 20);
        _sbpBase = _ageAtAsOf < 18 ? 96 + _ageAtAsOf : _rng.Normal(110 + 0.4 * adultAge, 8);
        _a1cBase = _ageAtAsOf >= 18 && _rng.Chance(0.15) ? Math.Clamp(_rng.Normal(6.0, 0.2), 5.7, 6.4) : Math.Clamp(_rng.Normal(5.3, 0.22), 4.6, 5.6);
        _a1cTrend = _rng.Normal(0.02, 0.05);
        _ldlBase = Math.Clamp(_rng.Normal(115, 30), 45, 240);
        _egfrBase = _ageAtAsOf < 18 ? _rng.Normal(112, 8) : Math.Max(62, _rng.Normal(112 - 0.85 * adultAge, 9));
        _egfrDecline = _rng.Uniform(0.3, 1.2);
        _bnpBase = Math.Clamp(_rng.Normal(40, 18), 5, 95);
    }

    private double BmiFactor => Math.Clamp(1 + 0.045 * (_bmi - 27.5), 0.6, 2.0);

    private void ChooseChronicProblems()
    {
        var age = _ageAtAsOf;
        var female = _sex == AdministrativeSex.Female;
        var adult = age >= 18;

        double ByAge(params (int From, double P)[] bands)
        {
            var p = 0.0;
            foreach (var (from, probability) in bands)
            {
                if (age >= from)
                {
                    p = probability;
                }
            }
            return p;
        }

        if (adult && _bmi >= 30 && _rng.Chance(0.6))
        {
            Add(Disease.Obesity, "E66.9", 18);
        }
        if (adult && _rng.Chance(ByAge((18, 0.07), (35, 0.18), (45, 0.30), (55, 0.45), (65, 0.60), (75, 0.70)) * BmiFactor))
        {
            Add(Disease.Hypertension, "I10", 25);
            _sbpBase += _rng.Normal(30, 9);
        }
        if (adult && _rng.Chance(ByAge((18, 0.02), (35, 0.05), (45, 0.11), (55, 0.17), (65, 0.22)) * BmiFactor))
        {
            var poor = _rng.Chance(0.3);
            _a1cBase = poor ? _rng.Uniform(9.6, 12.2) : Math.Clamp(_rng.Normal(7.7, 0.8), 6.5, 9.4);
            _a1cTrend = _rng.Normal(0.15, 0.2);
            if (poor)
            {
                _adherence = Math.Min(_adherence, _rng.Uniform(0.1, 0.45));
            }
            Add(Disease.Diabetes, _a1cBase > 9 ? "E11.65" : "E11.9", 30);
        }
        if (adult && _rng.Chance(ByAge((30, 0.22), (40, 0.32))))
        {
            Add(Disease.Hyperlipidemia, "E78.5", 30);
            _ldlBase = Math.Clamp(_rng.Normal(160, 25), 120, 260);
        }
        if (_rng.Chance(ByAge((45, 0.012), (65, 0.05), (75, 0.10))))
        {
            Add(Disease.HeartFailure, _rng.Chance(0.6) ? "I50.9" : "I50.22", 50);
            _bnpBase = _rng.Uniform(250, 1400);
        }
        if (_rng.Chance(ByAge((40, 0.04), (65, 0.10))))
        {
            Add(Disease.Copd, "J44.9", 40);
        }
        if (_rng.Chance(age >= 3 ? 0.08 : 0))
        {
            Add(Disease.Asthma, "J45.909", 3);
        }
        if (age >= 15 && _rng.Chance(female ? 0.11 : 0.06))
        {
            Add(Disease.Depression, _rng.Chance(0.7) ? "F32.9" : "F32.A", 15);
        }
        if (age >= 15 && _rng.Chance(0.06))
        {
            Add(Disease.Anxiety, "F41.1", 15);
        }
        var kidneyRisk = (Has(Disease.Diabetes) ? 1.5 : 1) * (Has(Disease.Hypertension) ? 1.4 : 1);
        if (_rng.Chance(ByAge((45, 0.025), (65, 0.08), (75, 0.18)) * kidneyRisk))
        {
            var stage = _rng.NextDouble();
            string code;
            if (stage < 0.04)
            {
                code = "N18.6";
                _egfrBase = _rng.Uniform(7, 13);
            }
            else if (stage < 0.12)
            {
                code = "N18.4";
                _egfrBase = _rng.Uniform(17, 28);
            }
            else if (stage < 0.45)
            {
                code = "N18.32";
                _egfrBase = _rng.Uniform(32, 43);
            }
            else
            {
                code = "N18.31";
                _egfrBase = _rng.Uniform(47, 58);
            }
            _egfrDecline = _rng.Uniform(1, 3);
            var ckd = Add(Disease.ChronicKidneyDisease, code, 45);
            if (code == "N18.6")
            {
                AddSecondary("Z99.2", ckd.Onset.AddDays(_rng.Between(30, 400)));
            }
            if (Has(Disease.Diabetes) && _rng.Chance(0.5))
            {
                AddSecondary("E11.22", ckd.Onset);
            }
        }
        if (_rng.Chance(ByAge((55, 0.02), (65, 0.05), (75, 0.10))))
        {
            Add(Disease.AtrialFibrillation, "I48.91", 55);
        }
        if (_rng.Chance(ByAge((45, 0.04), (65, 0.10), (75, 0.15))))
        {
            Add(Disease.CoronaryDisease, "I25.10", 45);
        }
        if (_rng.Chance(ByAge((70, 0.05), (80, 0.15))))
        {
            Add(Disease.Dementia, "G30.9", 70);
        }
        if (_rng.Chance(ByAge((55, 0.006))))
        {
            Add(Disease.LungCancer, "C34.90", 55);
        }
        if (female && _rng.Chance(ByAge((40, 0.015))))
        {
            Add(Disease.BreastCancer, "C50.911", 40);
        }
        if (age >= 25 && _rng.Chance(female ? 0.08 : 0.02))
        {
            Add(Disease.Hypothyroidism, "E03.9", 25);
        }
        if (age >= 25 && _rng.Chance(0.09))
        {
            Add(Disease.Reflux, "K21.9", 25);
        }
        if (age >= 35 && _rng.Chance(0.05 * BmiFactor))
        {
            Add(Disease.SleepApnea, "G47.33", 35);
        }
        if (age >= 50 && _rng.Chance(0.08))
        {
            Add(Disease.KneeOsteoarthritis, "M17.11", 50);
        }
        if (age >= 80 && _rng.Chance(0.2))
        {
            Add(Disease.Frailty, "R54", 80);
        }
        if (adult && Has(Disease.ChronicKidneyDisease) && _rng.Chance(0.01))
        {
            AddSecondary("Z94.0", Problem(Disease.ChronicKidneyDisease)!.Onset.AddDays(_rng.Between(200, 900)));
        }
    }

    private ChronicProblem Add(Disease disease, string icd, int minimumOnsetAge)
    {
        var earliest = Max(_birth.AddYears(minimumOnsetAge), _birth);
        var latest = _asOf;
        var onset = earliest >= latest ? latest : earliest.AddDays(_rng.Next(latest.DayNumber - earliest.DayNumber + 1));
        var problem = new ChronicProblem(disease, CodeCatalog.Icd10Cm(icd), onset);
        _chronic.Add(problem);
        return problem;
    }

    private void AddSecondary(string icd, DateOnly onset)
    {
        if (onset <= _asOf)
        {
            _chronic.Add(new ChronicProblem(null, CodeCatalog.Icd10Cm(icd), onset));
        }
    }

    private bool Has(Disease disease) => _chronic.Exists(c => c.Disease == disease);

    private bool HasOn(Disease disease, DateOnly date) => _chronic.Exists(c => c.Disease == disease && c.Onset <= date);

    private ChronicProblem? Problem(Disease disease) => _chronic.Find(c => c.Disease == disease);

    // ------------------------------------------------------------------ life events

    private void ChooseLifeEvents()
    {
        var years = _options.HistoryYears;
        var age = _ageAtAsOf;
        var female = _sex == AdministrativeSex.Female;

        double mortality = age switch
        {
            < 1 => 0.005,
            < 45 => 0.001,
            < 65 => 0.005,
            < 75 => 0.015,
            < 85 => 0.045,
            _ => 0.12,
        };
        if (Has(Disease.HeartFailure))
        {
            mortality *= 2.2;
        }
        if (Has(Disease.Copd))
        {
            mortality *= 1.5;
        }
        if (Has(Disease.LungCancer))
        {
            mortality *= 4;
        }
        if (Has(Disease.Dementia))
        {
            mortality *= 1.8;
        }
        if (_rng.Chance(Math.Min(0.6, mortality * years)))
        {
            _death = RandomDate(_windowStart.AddDays(20), _windowEnd);
        }

        if (age >= 70 && TerminallyIll && _rng.Chance(Has(Disease.LungCancer) ? 0.45 : 0.15))
        {
            if (_death is { } died)
            {
                _hospiceStart = Max(_windowStart, died.AddDays(-_rng.Between(7, 150)));
            }
            else
            {
                _hospiceStart = RandomDate(_windowStart, _windowEnd.AddDays(-7));
                var dies = _hospiceStart.Value.AddDays(_rng.Between(15, 220));
                if (dies <= _asOf)
                {
                    _death = dies;
                }
            }
        }

        if (_death is { } death)
        {
            _windowEnd = death;
            // Conditions cannot begin after death.
            _chronic.RemoveAll(c => c.Onset > death);
        }

        if (age >= 75 && _rng.Chance(Has(Disease.Dementia) ? 0.3 : 0.05))
        {
            _facilityFrom = _rng.Chance(0.7) ? _windowStart.AddDays(-_rng.Between(30, 900)) : RandomDate(_windowStart, _windowEnd);
        }

        var uncontrolledPressure = Has(Disease.Hypertension) && _sbpBase >= 150;
        if ((Has(Disease.HeartFailure) && _rng.Chance(0.5)) || (uncontrolledPressure && _rng.Chance(0.15)))
        {
            var last = _windowEnd.AddDays(-30);
            if (last > _windowStart)
            {
                var from = RandomDate(_windowStart, last);
                if (Problem(Disease.HeartFailure) is { } hf && hf.Onset > from)
                {
                    from = Min(hf.Onset.AddDays(14), last);
                }
                _monitoringFrom = from;
                _monitoringTo = Min(from.AddDays(_rng.Between(90, 420)), _windowEnd);
            }
        }

        if (female && age is >= 18 and <= 44 && _rng.Chance(0.045 * years))
        {
            var conception = RandomDate(_windowStart.AddDays(-200), _windowEnd.AddDays(-60));
            if (conception.AddDays(42) <= _windowEnd)
            {
                _conception = conception;
                var delivery = conception.AddDays(273 + _rng.Between(-10, 7));
                if (delivery <= _windowEnd)
                {
                    _delivery = delivery;
                }
                _chronic.Add(new ChronicProblem(null, CodeCatalog.Icd10Cm("Z33.1"), conception.AddDays(42)) { Abatement = _delivery });
            }
        }
    }

    private bool HasCode(string icd) => _chronic.Exists(c => c.Code.Code == icd);

    private bool TerminallyIll => _ageAtAsOf >= 70 && (Has(Disease.HeartFailure) || Has(Disease.Copd) || Has(Disease.Dementia)
        || Has(Disease.LungCancer) || Has(Disease.BreastCancer) || HasCode("N18.6"));

    private void BuildPatient()
    {
        var female = _sex == AdministrativeSex.Female;
        var given = _rng.Pick(female ? SyntheticNames.FemaleGiven : SyntheticNames.MaleGiven);
        var family = _rng.Pick(SyntheticNames.Family);
        var area = _network.Area;
        var address = new Address(
            $"{_rng.Between(1, 1999)} {_rng.Pick(SyntheticNames.StreetNames)} {_rng.Pick(SyntheticNames.StreetSuffixes)}" + (_rng.Chance(0.15) ? $" Apt {_rng.Between(1, 40)}" : string.Empty),
            area.City,
            area.State,
            area.Zip3 + _rng.Between(1, 99).ToString("D2", CultureInfo.InvariantCulture));
        if (_facilityFrom is not null)
        {
            address = _network.NursingFacility.Address;
        }

        PayerKind payer;
        var roll = _rng.NextDouble();
        if (_ageAtAsOf >= 65 || HasCode("N18.6"))
        {
            payer = roll < 0.93 ? PayerKind.Medicare : roll < 0.98 ? PayerKind.Commercial : PayerKind.SelfPay;
        }
        else if (_ageAtAsOf < 18)
        {
            payer = roll < 0.40 ? PayerKind.Medicaid : roll < 0.95 ? PayerKind.Commercial : PayerKind.SelfPay;
        }
        else
        {
            payer = roll < 0.17 ? PayerKind.Medicaid : roll < 0.91 ? PayerKind.Commercial : PayerKind.SelfPay;
        }
        var payers = _reference.PayerIds;
        var payerId = payer switch
        {
            PayerKind.Medicare => payers.Medicare,
            PayerKind.Medicaid => payers.Medicaid,
            PayerKind.Commercial => payers.Commercial[_rng.Next(payers.Commercial.Count)],
            _ => null,
        };

        // Bijective scrambles of the index keep identifiers unique without looking sequential.
        var mrnNumber = ((ulong)_index * 48_271UL + 1_000_003UL) % 100_000_000UL;
        var memberNumber = ((ulong)_index * 69_621UL + 7_777_777UL) % 1_000_000_000UL;
        string? ssn = null;
        if (_ageAtAsOf >= 16 && _rng.Chance(0.75))
        {
            ssn = $"9{_rng.Between(0, 99):D2}-{_rng.Between(1, 99):D2}-{_rng.Between(1, 9999):D4}";
        }

        var emailName = $"{given}.{family}".ToLowerInvariant().Replace("'", string.Empty, StringComparison.Ordinal);
        _patient = new Patient
        {
            Id = _id,
            Mrn = $"SYN-{mrnNumber:D8}",
            MemberId = payerId is null ? null : $"SYNM{memberNumber:D9}",
            Ssn = ssn,
            GivenName = given,
            FamilyName = family,
            Sex = _sex,
            BirthDate = _birth,
            DeathDate = _death,
            Address = address,
            Phone = $"{area.AreaCode}-555-01{_rng.Next(100):D2}",
            Email = $"{emailName}{_rng.Between(1, 999)}@example.org",
            PayerKind = payer,
            PayerId = payerId,
            PrimaryPractitionerId = _rng.Pick(_network.PrimaryCare),
            PrimaryOrganizationId = _network.ClinicId,
        };
    }

    // ------------------------------------------------------------------ planning visits

    private void PlanVisits()
    {
        var years = Math.Max(0.05, (_windowEnd.DayNumber - _windowStart.DayNumber) / DaysPerYear);
        var chronicCount = _chronic.Count(c => c.Disease is not null && c.Onset <= _windowEnd);
        var age = _ageAtAsOf;

        var routineRate = (age < 18 ? 0.6 : age < 65 ? 0.9 : 1.6) + 0.55 * Math.Min(chronicCount, 6);
        foreach (var day in RandomDays(_rng.Count(routineRate * years)))
        {
            if (InFacility(day))
            {
                AddVisit(VisitKind.NursingFacility, day, EncounterClass.Ambulatory, EncounterTypes.NursingFacilityVisit, RoutineReason(day));
            }
            else
            {
                BookClinicVisit(VisitKind.Routine, day, RoutineReason(day), virtualChance: 0.15, leadDays: (7, 60));
            }
        }
        if (_facilityFrom is { } facilityFrom)
        {
            for (var day = Max(facilityFrom, _windowStart).AddDays(_rng.Between(5, 30)); day <= _windowEnd; day = day.AddDays(_rng.Between(25, 40)))
            {
                AddVisit(VisitKind.NursingFacility, Weekday(day), EncounterClass.Ambulatory, EncounterTypes.NursingFacilityVisit, RoutineReason(day));
            }
        }

        PlanPreventiveVisits();

        foreach (var problem in _chronic)
        {
            if (problem.Disease is not null && problem.Onset >= _windowStart && problem.Onset <= _windowEnd)
            {
                var visit = BookClinicVisit(VisitKind.Diagnosis, Weekday(problem.Onset), problem.Code, virtualChance: 0, leadDays: (1, 10), forceFulfilled: true);
                visit!.Diagnosed = problem;
                problem.Onset = DateOnly.FromDateTime(visit.Start);
            }
        }

        foreach (var day in RandomDays(_rng.Count((age < 18 ? 0.7 : 0.4) * years)))
        {
            var reason = CodeCatalog.Icd10Cm(_rng.Pick(AcuteReasons(age, _sex)));
            BookClinicVisit(VisitKind.Acute, day, reason, virtualChance: 0.3, leadDays: (0, 2));
        }

        if (_conception is { } conception)
        {
            for (var day = Max(conception.AddDays(56), _windowStart); day < (_delivery ?? _windowEnd) && day <= _windowEnd; day = day.AddDays(28))
            {
                BookClinicVisit(VisitKind.Prenatal, Weekday(day), CodeCatalog.Icd10Cm("Z33.1"), virtualChance: 0, leadDays: (14, 28));
            }
            if (_delivery is { } delivery)
            {
                var start = LocalTime(delivery, _rng.Between(0, 23));
                var cesarean = _rng.Chance(0.3);
                AddInpatient(start, _rng.Between(1, 3), planned: false, CodeCatalog.Icd10Cm("O80"), _network.Hospital.Obstetrician, fromEmergency: null,
                    procedure: cesarean ? "10D00Z1" : "10E0XZZ");
            }
        }

        PlanAcuteCare(years);
        PlanSpecialCare();
        RemoveVisitsDuringStays();
        PlanDeathInHospital();
        // A stay still open on the as-of date would need an in-progress encounter; those are left out.
        _visits.RemoveAll(v => DateOnly.FromDateTime(v.Start) > _windowEnd || DateOnly.FromDateTime(v.Start) < _windowStart
            || (v.Kind == VisitKind.Inpatient && DateOnly.FromDateTime(v.End) > _windowEnd));
        PlanFutureAppointments();
    }

    private void PlanPreventiveVisits()
    {
        for (var year = _windowStart.Year; year <= _windowEnd.Year; year++)
        {
            var from = Max(new DateOnly(year, 1, 1), _windowStart);
            var to = Min(new DateOnly(year, 12, 31), _windowEnd);
            if (from > to)
            {
                continue;
            }
            var ageThatYear = year - _birth.Year;
            if (ageThatYear >= 65 && _patient.PayerKind == PayerKind.Medicare && _rng.Chance(0.6))
            {
                BookClinicVisit(VisitKind.AnnualWellness, RandomWeekday(from, to), CodeCatalog.Icd10Cm("Z00.00"), 0, (14, 60));
            }
            else if (ageThatYear is >= 3 and < 18 && _rng.Chance(0.75))
            {
                BookClinicVisit(VisitKind.Preventive, RandomWeekday(from, to), CodeCatalog.Icd10Cm("Z00.129"), 0, (14, 60));
            }
            else if (ageThatYear >= 18 && _rng.Chance(0.45))
            {
                BookClinicVisit(VisitKind.Preventive, RandomWeekday(from, to), CodeCatalog.Icd10Cm("Z00.00"), 0, (14, 60));
            }
        }
        // Well-child visits in the first years follow the vaccination schedule.
        foreach (var months in (int[])[2, 4, 6, 12, 15, 18, 24, 30])
        {
            var day = Weekday(_birth.AddMonths(months).AddDays(_rng.Between(0, 14)));
            if (day >= _windowStart && day <= _windowEnd && _rng.Chance(0.92))
            {
                var visit = BookClinicVisit(VisitKind.Preventive, day, CodeCatalog.Icd10Cm("Z00.129"), 0, (14, 45), forceFulfilled: true);
                visit!.WellChildMonths = months;
            }
        }
    }

    private void PlanAcuteCare(double years)
    {
        var age = _ageAtAsOf;
        var hf = Has(Disease.HeartFailure);
        var copd = Has(Disease.Copd);
        var edRate = 0.10 + (hf ? 0.45 : 0) + (copd ? 0.35 : 0) + (Has(Disease.Asthma) ? 0.12 : 0) + (age >= 75 ? 0.12 : 0);
        foreach (var day in RandomDays(_rng.Count(edRate * years)))
        {
            string reason;
            var admitChance = 0.07;
            var roll = _rng.NextDouble();
            if (hf && HasOn(Disease.HeartFailure, day) && roll < 0.5)
            {
                reason = "I50.9";
                admitChance = 0.65;
            }
            else if (copd && HasOn(Disease.Copd, day) && roll < 0.8)
            {
                reason = "J44.1";
                admitChance = 0.5;
            }
            else if (Has(Disease.Asthma) && roll < 0.3)
            {
                reason = "J45.901";
                admitChance = 0.1;
            }
            else if (Has(Disease.CoronaryDisease) && roll < 0.4)
            {
                reason = "I21.4";
                admitChance = 1;
            }
            else
            {
                reason = EmergencyReasons[_rng.PickWeighted(EmergencyReasonWeights)];
                admitChance = reason switch
                {
                    "J18.9" => age >= 65 ? 0.55 : 0.2,
                    "R07.9" => age >= 50 ? 0.25 : 0.05,
                    "K35.80" => 1,
                    _ => 0.04,
                };
            }
            AddEmergency(day, CodeCatalog.Icd10Cm(reason), admitChance);
        }

        if (Has(Disease.KneeOsteoarthritis) && age >= 55 && _rng.Chance(0.12))
        {
            var day = RandomWeekday(_windowStart, _windowEnd);
            AddInpatient(LocalTime(day, 7), _rng.Between(1, 3), planned: true, Problem(Disease.KneeOsteoarthritis)!.Code, _network.Hospital.OrthopaedicSurgeon, null, "0SRC0J9");
        }
        if (age >= 25 && _rng.Chance(0.004 * years))
        {
            var day = RandomWeekday(_windowStart, _windowEnd);
            AddInpatient(LocalTime(day, 7), 1, planned: true, CodeCatalog.Icd10Cm("K80.20"), _network.Hospital.GeneralSurgeon, null, "0FT44ZZ");
        }

        // Readmissions: a share of unplanned live discharges come back within 30 days.
        for (var i = 0; i < _visits.Count; i++)
        {
            var stay = _visits[i];
            if (stay.Kind != VisitKind.Inpatient || stay.Planned || stay.Disposition == DischargeDisposition.Expired)
            {
                continue;
            }
            var discharge = DateOnly.FromDateTime(stay.End);
            var chance = (hf || copd) ? 0.22 : age >= 75 ? 0.12 : 0.05;
            if (stay.Reason?.Code == "I21.4" && _rng.Chance(0.3))
            {
                var day = Weekday(discharge.AddDays(_rng.Between(7, 21)));
                AddInpatient(LocalTime(day, 7), 1, planned: true, CodeCatalog.Icd10Cm("I25.10"), _network.Hospital.Cardiologist, null, "027034Z");
            }
            else if (_rng.Chance(chance))
            {
                AddEmergency(discharge.AddDays(_rng.Between(2, 30)), stay.Reason!, admitChance: 1);
            }
        }

        foreach (var stay in _visits.Where(v => v.Kind == VisitKind.Inpatient && v.Disposition == DischargeDisposition.HomeHealth).ToList())
        {
            var discharge = DateOnly.FromDateTime(stay.End);
            var count = _rng.Between(4, 8);
            for (var k = 0; k < count; k++)
            {
                var day = discharge.AddDays(2 + k * _rng.Between(3, 5));
                AddVisit(VisitKind.HomeHealth, day, EncounterClass.HomeHealth, EncounterTypes.HomeHealthVisit, stay.Reason, durationMinutes: 45);
            }
        }
    }

    private void PlanSpecialCare()
    {
        if (_hospiceStart is { } hospiceStart)
        {
            var reason = (Problem(Disease.LungCancer) ?? Problem(Disease.BreastCancer) ?? Problem(Disease.HeartFailure) ?? Problem(Disease.Copd) ?? Problem(Disease.Dementia))?.Code
                ?? CodeCatalog.Icd10Cm("N18.6");
            for (var day = hospiceStart; day <= _windowEnd; day = day.AddDays(_rng.Between(5, 9)))
            {
                AddVisit(VisitKind.Hospice, day, EncounterClass.HomeHealth, EncounterTypes.HospiceVisit, reason, durationMinutes: 60);
            }
        }
        else if (_ageAtAsOf >= 70 && (Has(Disease.HeartFailure) || Has(Disease.Copd) || Has(Disease.LungCancer) || Has(Disease.Dementia)) && _rng.Chance(0.2))
        {
            BookClinicVisit(VisitKind.Palliative, RandomWeekday(_windowStart, _windowEnd), CodeCatalog.Icd10Cm("Z51.5"), 0.2, (7, 30), forceFulfilled: true);
        }

        if (_monitoringFrom is { } from && _monitoringTo is { } to)
        {
            var reason = Problem(Disease.HeartFailure)?.Code ?? CodeCatalog.Icd10Cm("I10");
            BookClinicVisit(VisitKind.MonitoringEnrollment, Weekday(from), reason, 0, (3, 14), forceFulfilled: true);
            for (var day = from.AddDays(30); day <= to; day = day.AddDays(30))
            {
                AddVisit(VisitKind.MonitoringReview, Weekday(day), EncounterClass.Virtual, EncounterTypes.RemoteMonitoringReview, reason, durationMinutes: 20);
            }
        }
    }

    private void RemoveVisitsDuringStays()
    {
        var stays = _visits.Where(v => v.Kind == VisitKind.Inpatient).Select(v => (v.Start, v.End)).ToList();
        _visits.RemoveAll(v => v.Kind is not VisitKind.Inpatient and not VisitKind.Emergency && stays.Exists(s => v.Start >= s.Start && v.Start <= s.End));
        foreach (var appointment in _appointments)
        {
            if (appointment.Visit is { } visit && !_visits.Contains(visit))
            {
                appointment.Visit = null;
                appointment.Status = AppointmentStatus.CancelledInAdvance;
                appointment.CancelledAt = appointment.Start.AddDays(-1).AddHours(-_rng.Between(1, 12));
                if (appointment.CancelledAt < appointment.BookedAt)
                {
                    appointment.CancelledAt = appointment.BookedAt.AddHours(1);
                }
            }
        }
    }

    private void PlanDeathInHospital()
    {
        if (_death is not { } death || _hospiceStart is not null || !_rng.Chance(0.4))
        {
            return;
        }
        var admit = death.AddDays(-_rng.Between(2, 6));
        if (admit < _windowStart)
        {
            return;
        }
        var reason = (Problem(Disease.HeartFailure) ?? Problem(Disease.Copd) ?? Problem(Disease.LungCancer))?.Code ?? CodeCatalog.Icd10Cm("J18.9");
        var ed = AddVisit(VisitKind.Emergency, admit, EncounterClass.Emergency, EncounterTypes.EmergencyVisit, reason, durationMinutes: 240, hour: _rng.Between(6, 15));
        _visits.RemoveAll(v => v != ed && v.Start >= ed.Start);
        foreach (var appointment in _appointments.Where(a => a.Visit is not null && !_visits.Contains(a.Visit)))
        {
            appointment.Visit = null;
        }
        var stay = AddInpatient(ed.End, death.DayNumber - admit.DayNumber, planned: false, reason, _rng.Pick(_network.Hospital.Hospitalists), ed, procedure: null);
        stay.Disposition = DischargeDisposition.Expired;
    }

    private void PlanFutureAppointments()
    {
        // Appointments booked for after the as-of date, still open.
        if (_death is not null || _facilityFrom is not null)
        {
            return;
        }
        var count = _rng.Count(_chronic.Count > 0 ? 1.0 : 0.3);
        for (var i = 0; i < count; i++)
        {
            var day = Weekday(_asOf.AddDays(_rng.Between(3, 75)));
            if (day <= _asOf)
            {
                day = _asOf.AddDays(3);
            }
            var start = LocalTime(day, _rng.Between(8, 16), _rng.Next(4) * 15);
            _appointments.Add(new PlannedAppointment
            {
                Start = start,
                End = start.AddMinutes(20),
                BookedAt = LocalTime(_asOf.AddDays(-_rng.Between(1, 40)), _rng.Between(8, 16)),
                Status = AppointmentStatus.Booked,
                Virtual = _rng.Chance(0.15),
                ServiceType = "Follow-up visit",
                PractitionerId = _patient.PrimaryPractitionerId,
            });
        }
    }

    private PlannedVisit? BookClinicVisit(VisitKind kind, DateOnly day, ClinicalCode? reason, double virtualChance, (int Min, int Max) leadDays, bool forceFulfilled = false)
    {
        var isVirtual = _rng.Chance(virtualChance);
        var start = LocalTime(day, _rng.Between(8, 16), _rng.Next(4) * 15);
        var minutes = kind is VisitKind.AnnualWellness or VisitKind.Preventive or VisitKind.Palliative ? 40 : 20;
        var booked = start.AddDays(-_rng.Between(leadDays.Min, leadDays.Max)).AddHours(-_rng.Between(1, 8));
        var appointment = new PlannedAppointment
        {
            Start = start,
            End = start.AddMinutes(minutes),
            BookedAt = booked,
            Virtual = isVirtual,
            ServiceType = ServiceTypeOf(kind),
            PractitionerId = _rng.Chance(0.85) ? _patient.PrimaryPractitionerId : _rng.Pick(_network.PrimaryCare),
        };
        _appointments.Add(appointment);

        if (!forceFulfilled && start >= booked.AddHours(25))
        {
            var noShow = _patient.PayerKind == PayerKind.Medicaid || _ageAtAsOf is >= 18 and < 35 ? 0.12 : 0.06;
            var roll = _rng.NextDouble();
            if (roll < noShow)
            {
                appointment.Status = AppointmentStatus.NoShow;
            }
            else if (roll < noShow + 0.07)
            {
                appointment.Status = AppointmentStatus.CancelledInAdvance;
                var latest = (start - booked).TotalHours - 24;
                appointment.CancelledAt = start.AddHours(-24 - _rng.NextDouble() * Math.Max(1, latest * 0.8));
            }
            else if (roll < noShow + 0.095)
            {
                appointment.Status = AppointmentStatus.CancelledLate;
                appointment.CancelledAt = start.AddMinutes(-_rng.Between(30, 23 * 60));
            }
        }
        if (appointment.Status != AppointmentStatus.Fulfilled)
        {
            if (kind is VisitKind.Routine or VisitKind.Preventive or VisitKind.AnnualWellness && _rng.Chance(0.6))
            {
                var again = Weekday(day.AddDays(_rng.Between(7, 28)));
                if (again <= _windowEnd)
                {
                    return BookClinicVisit(kind, again, reason, virtualChance, (7, 27), forceFulfilled: true);
                }
            }
            return null;
        }

        var visit = AddVisit(kind, day, isVirtual ? EncounterClass.Virtual : EncounterClass.Ambulatory,
            isVirtual ? EncounterTypes.TelehealthVisit : VisitTypeOf(kind), reason, durationMinutes: minutes, start: start);
        visit.PractitionerId = appointment.PractitionerId;
        appointment.Visit = visit;
        return visit;
    }

    private PlannedVisit AddVisit(VisitKind kind, DateOnly day, EncounterClass encounterClass, ClinicalCode type, ClinicalCode? reason, int durationMinutes = 20, int? hour = null, DateTime? start = null)
    {
        var begins = start ?? LocalTime(day, hour ?? _rng.Between(8, 16), _rng.Next(4) * 15);
        var visit = new PlannedVisit
        {
            Kind = kind,
            Class = encounterClass,
            Type = type,
            Start = begins,
            End = begins.AddMinutes(durationMinutes),
            Reason = reason,
            Sequence = _visits.Count,
        };
        _visits.Add(visit);
        return visit;
    }

    private void AddEmergency(DateOnly day, ClinicalCode reason, double admitChance)
    {
        var ed = AddVisit(VisitKind.Emergency, day, EncounterClass.Emergency, EncounterTypes.EmergencyVisit, reason, durationMinutes: _rng.Between(150, 420), hour: _rng.Between(0, 23));
        if (!_rng.Chance(admitChance))
        {
            return;
        }
        var los = reason.Code switch
        {
            "I50.9" or "I50.22" => _rng.Between(3, 7),
            "J44.1" => _rng.Between(2, 6),
            "K35.80" => _rng.Between(1, 2),
            _ => _rng.Between(1, 5),
        };
        var procedure = reason.Code switch
        {
            "I21.4" => "027034Z",
            "K35.80" => "0DTJ4ZZ",
            "J44.1" when _rng.Chance(0.1) => "5A1935Z",
            "I50.9" when _rng.Chance(0.06) => "30233N1",
            _ => null,
        };
        var physician = reason.Code switch
        {
            "I21.4" => _network.Hospital.Cardiologist,
            "K35.80" => _network.Hospital.GeneralSurgeon,
            _ => _rng.Pick(_network.Hospital.Hospitalists),
        };
        AddInpatient(ed.End, los, planned: false, reason, physician, ed, procedure);
    }

    private PlannedVisit AddInpatient(DateTime admit, int lengthOfStay, bool planned, ClinicalCode reason, string physician, PlannedVisit? fromEmergency, string? procedure)
    {
        var dischargeDay = DateOnly.FromDateTime(admit).AddDays(Math.Max(1, lengthOfStay));
        var discharge = LocalTime(dischargeDay, _rng.Between(10, 15), _rng.Next(4) * 15);
        var stay = new PlannedVisit
        {
            Kind = VisitKind.Inpatient,
            Class = EncounterClass.Inpatient,
            Type = EncounterTypes.InpatientStay,
            Start = admit,
            End = discharge,
            Reason = reason,
            Planned = planned,
            FromEmergency = fromEmergency,
            PractitionerId = physician,
            InpatientProcedure = procedure,
            Sequence = _visits.Count,
        };
        var roll = _rng.NextDouble();
        var old = _ageAtAsOf >= 75;
        var terminal = TerminallyIll;
        stay.Disposition = roll switch
        {
            < 0.12 when terminal => DischargeDisposition.Hospice,
            < 0.12 when old => DischargeDisposition.SkilledNursing,
            < 0.25 when old => DischargeDisposition.HomeHealth,
            < 0.28 when old => DischargeDisposition.SkilledNursing,
            < 0.30 when old => DischargeDisposition.LongTermCare,
            < 0.08 => DischargeDisposition.HomeHealth,
            < 0.11 => DischargeDisposition.SkilledNursing,
            _ => DischargeDisposition.Home,
        };
        if (_facilityFrom is not null && _facilityFrom <= dischargeDay)
        {
            stay.Disposition = DischargeDisposition.LongTermCare;
        }
        if (stay.Disposition == DischargeDisposition.Hospice && _hospiceStart is null)
        {
            if (TerminallyIll)
            {
                _hospiceStart = dischargeDay;
            }
            else
            {
                stay.Disposition = DischargeDisposition.Home;
            }
        }
        _visits.Add(stay);
        return stay;
    }

    // ------------------------------------------------------------------ materializing encounters

    private List<Encounter> MaterializeVisits()
    {
        _visits.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Sequence.CompareTo(b.Sequence));
        for (var i = 0; i < _visits.Count; i++)
        {
            _visits[i].Id = $"{_id}-e{i + 1:D3}";
        }

        RecordProblemsBeforeHistory();

        var encounters = new List<Encounter>(_visits.Count);
        var lastFlu = DateOnly.MinValue;
        foreach (var visit in _visits)
        {
            var day = DateOnly.FromDateTime(visit.Start);
            var (practitioner, organization, location) = CareSite(visit);
            visit.PractitionerId = practitioner;
            encounters.Add(new Encounter
            {
                Id = visit.Id,
                PatientId = _id,
                Class = visit.Class,
                Type = visit.Type,
                Start = visit.Start,
                End = visit.End,
                PractitionerId = practitioner,
                OrganizationId = organization,
                LocationId = location,
                Reason = visit.Reason,
                Admission = visit.Kind == VisitKind.Inpatient ? new Admission(visit.Planned, visit.FromEmergency?.Id, visit.Disposition) : null,
            });

            if (visit.Diagnosed is { } diagnosed)
            {
                RecordProblem(diagnosed, visit);
            }
            if (visit.Kind is VisitKind.Acute or VisitKind.Emergency && visit.Reason is { } acute && IsAcute(acute.Code))
            {
                var condition = AddCondition(acute, ConditionCategory.EncounterDiagnosis, day, visit.Id, day.AddDays(_rng.Between(5, 21)));
                if (acute.Code is "M54.50" or "R51.9" or "S93.401A")
                {
                    Prescribe("313782", visit, condition.Id, day.AddDays(10));
                }
            }
            if (visit.Kind == VisitKind.Palliative)
            {
                AddCondition(CodeCatalog.Icd10Cm("Z51.5"), ConditionCategory.EncounterDiagnosis, day, visit.Id, day);
            }

            MeasureVitals(visit, day);
            DrawLabs(visit, day);
            AdjustTreatment(visit, day);
            lastFlu = Vaccinate(visit, day, lastFlu);
            RecordProcedures(visit, day);
        }
        foreach (var problem in _chronic.Where(p => p.ConditionId is null && p.Onset <= _windowEnd).ToList())
        {
            RecordProblem(problem, visit: null);
        }
        return encounters;
    }

    private (string Practitioner, string Organization, string Location) CareSite(PlannedVisit visit)
    {
        var hospital = _network.Hospital;
        return visit.Kind switch
        {
            VisitKind.Emergency => (_rng.Pick(hospital.EmergencyPhysicians), hospital.OrganizationId, hospital.EmergencyLocationId),
            VisitKind.Inpatient => (visit.PractitionerId ?? _rng.Pick(hospital.Hospitalists), hospital.OrganizationId, hospital.WardLocationId),
            VisitKind.HomeHealth => (_rng.Pick(_network.HomeHealth.Staff), _network.HomeHealth.OrganizationId, _network.HomeHealth.LocationId),
            VisitKind.Hospice => (_rng.Pick(_network.Hospice.Staff), _network.Hospice.OrganizationId, _network.Hospice.LocationId),
            VisitKind.NursingFacility => (_network.NursingFacility.Clinician, _network.NursingFacility.OrganizationId, _network.NursingFacility.LocationId),
            _ => (visit.PractitionerId ?? _patient.PrimaryPractitionerId, _network.ClinicId,
                visit.Class == EncounterClass.Virtual ? _network.VirtualLocationId : _network.ClinicLocationId),
        };
    }

    private void RecordProblemsBeforeHistory()
    {
        foreach (var problem in _chronic.OrderBy(p => p.Onset).ToList())
        {
            if (problem.Onset < _windowStart)
            {
                RecordProblem(problem, visit: null);
            }
        }
        // Secondary codes recorded inside the history (dialysis, transplant, pregnancy) have no dedicated visit.
        foreach (var problem in _chronic.Where(p => p.Disease is null && p.Onset >= _windowStart && p.ConditionId is null).ToList())
        {
            RecordProblem(problem, visit: null);
        }
    }

    private void RecordProblem(ChronicProblem problem, PlannedVisit? visit)
    {
        var condition = AddCondition(problem.Code, ConditionCategory.ProblemListItem, problem.Onset, visit?.Id, problem.Abatement);
        problem.ConditionId = condition.Id;
        StartTreatment(problem, visit, condition.Id);
    }

    private Condition AddCondition(ClinicalCode code, ConditionCategory category, DateOnly onset, string? encounterId, DateOnly? abatement)
    {
        var condition = new Condition
        {
            Id = $"{_id}-c{_conditions.Count + 1:D2}",
            PatientId = _id,
            Code = code,
            Category = category,
            Onset = onset,
            Abatement = abatement is { } a && a <= _windowEnd ? a : null,
            Recorded = onset,
            EncounterId = encounterId,
        };
        _conditions.Add(condition);
        return condition;
    }

    private void StartTreatment(ChronicProblem problem, PlannedVisit? visit, string conditionId)
    {
        switch (problem.Disease)
        {
            case Disease.Hypertension when _rng.Chance(0.85):
                {
                    var first = Has(Disease.Diabetes) || Has(Disease.ChronicKidneyDisease)
                        ? (_rng.Chance(0.75) ? "314076" : "979492")
                        : _rng.Pick(FirstLineAntihypertensives);
                    Prescribe(first, visit, conditionId, start: problem.Onset);
                    break;
                }
            case Disease.Diabetes when _rng.Chance(0.9):
                Prescribe("860975", visit, conditionId, start: problem.Onset);
                break;
            case Disease.Hyperlipidemia or Disease.CoronaryDisease when !_drugs.Exists(d => d.Role == DrugRole.Statin) && _rng.Chance(0.75):
                Prescribe(problem.Disease == Disease.CoronaryDisease ? "259255" : _rng.Chance(0.7) ? "859747" : "904475", visit, conditionId, start: problem.Onset);
                break;
            case Disease.HeartFailure:
                Prescribe(_rng.Chance(0.6) ? "200031" : "200032", visit, conditionId, start: problem.Onset);
                Prescribe("313988", visit, conditionId, start: problem.Onset);
                if (_rng.Chance(0.5))
                {
                    Prescribe("1656351", visit, conditionId, start: problem.Onset);
                }
                break;
            case Disease.AtrialFibrillation:
                Prescribe("1364445", visit, conditionId, start: problem.Onset);
                Prescribe("866924", visit, conditionId, start: problem.Onset);
                break;
            case Disease.Asthma:
                Prescribe("745752", visit, conditionId, start: problem.Onset);
                break;
            case Disease.Copd:
                Prescribe("859088", visit, conditionId, start: problem.Onset);
                break;
            case Disease.Dementia when _rng.Chance(0.6):
                Prescribe("997223", visit, conditionId, start: problem.Onset);
                break;
            default:
                break;
        }
    }

    private MedicationRequest Prescribe(string rxnorm, PlannedVisit? visit, string? conditionId, DateOnly? end = null, DateOnly? start = null)
    {
        var authored = visit is not null
            ? visit.Start.AddMinutes(_rng.Between(5, 15))
            : LocalTime(Min(Weekday(Min((start ?? _windowStart).AddDays(_rng.Between(0, 45)), _windowEnd)), _windowEnd), _rng.Between(8, 16));
        var code = CodeCatalog.RxNorm(rxnorm);
        var request = new MedicationRequest
        {
            Id = $"{_id}-m{_medications.Count + 1:D2}",
            PatientId = _id,
            EncounterId = visit?.Id,
            PractitionerId = visit?.PractitionerId ?? _patient.PrimaryPractitionerId,
            Medication = code,
            AuthoredOn = authored,
            Status = MedicationStatus.Active,
            End = end,
            ReasonConditionId = conditionId,
            DosageText = DosageFor(rxnorm),
            Refills = end is null ? _rng.Between(3, 11) : 0,
        };
        _medications.Add(request);
        var role = DrugRoleOf(rxnorm);
        var effect = role switch
        {
            DrugRole.BloodPressure => _rng.Uniform(9, 15),
            DrugRole.Glucose => rxnorm switch { "860975" => 1.1, "1373463" => 0.7, "897122" => 1.0, _ => 1.6 },
            DrugRole.Statin => rxnorm switch { "259255" => 0.5, "859747" => 0.42, _ => 0.3 },
            _ => 0,
        };
        _drugs.Add(new Drug(rxnorm, role, DateOnly.FromDateTime(authored), effect, _medications.Count - 1));
        return request;
    }

    private void AdjustTreatment(PlannedVisit visit, DateOnly day)
    {
        if (visit.Kind is not (VisitKind.Routine or VisitKind.AnnualWellness or VisitKind.Preventive) || visit.Class != EncounterClass.Ambulatory)
        {
            return;
        }
        var pressureDrugs = _drugs.Where(d => d.Role == DrugRole.BloodPressure && d.Stopped is null).ToList();
        if (HasOn(Disease.Hypertension, day) && visit.LastSystolic >= 145 && pressureDrugs.Count < 3 && _rng.Chance(0.45))
        {
            var lisinopril10 = pressureDrugs.Find(d => d.RxNorm == "314076");
            if (lisinopril10 is not null && _rng.Chance(0.4))
            {
                StopDrug(lisinopril10, day);
                Prescribe("314077", visit, Problem(Disease.Hypertension)!.ConditionId);
            }
            else
            {
                var next = AddOnAntihypertensives.FirstOrDefault(code => !pressureDrugs.Exists(d => d.RxNorm == code));
                if (next is not null)
                {
                    Prescribe(next, visit, Problem(Disease.Hypertension)!.ConditionId);
                }
            }
        }
        var glucoseDrugs = _drugs.Where(d => d.Role == DrugRole.Glucose && d.Stopped is null).ToList();
        if (HasOn(Disease.Diabetes, day) && visit.LastA1c >= 8.0 && _rng.Chance(0.5))
        {
            var next = ((string[])["860975", "1373463", "897122", "865098"]).FirstOrDefault(code => !glucoseDrugs.Exists(d => d.RxNorm == code));
            if (next is not null)
            {
                Prescribe(next, visit, Problem(Disease.Diabetes)!.ConditionId);
                if (next == "865098")
                {
                    AddCondition(CodeCatalog.Icd10Cm("Z79.4"), ConditionCategory.ProblemListItem, day, visit.Id, null);
                    AddProcedure("E0607", visit, day);
                    AddProcedure("A4253", visit, day);
                }
            }
        }
    }

    private void StopDrug(Drug drug, DateOnly day)
    {
        drug.Stopped = day;
        var request = _medications[drug.RequestIndex];
        _medications[drug.RequestIndex] = request with { Status = MedicationStatus.Stopped, End = day };
    }

    private void FinishMedications()
    {
        for (var i = 0; i < _medications.Count; i++)
        {
            var request = _medications[i];
            if (request.Status == MedicationStatus.Active && request.End is { } end && end <= _asOf)
            {
                _medications[i] = request with { Status = MedicationStatus.Completed };
            }
            else if (request.Status == MedicationStatus.Active && request.End is { } future && future > _asOf)
            {
                _medications[i] = request with { End = null };
            }
            if (_death is { } death && _medications[i].Status == MedicationStatus.Active)
            {
                _medications[i] = _medications[i] with { Status = MedicationStatus.Stopped, End = death };
            }
        }
    }

    // ------------------------------------------------------------------ physiology over time

    private double YearsIntoHistory(DateOnly day) => (day.DayNumber - _options.HistoryStart.DayNumber) / DaysPerYear;

    private static double Ramp(Drug drug, DateOnly day, int days)
    {
        if (day < drug.Start)
        {
            return 0;
        }
        var end = drug.Stopped ?? DateOnly.MaxValue;
        var untilDay = day < end ? day : end;
        var fraction = Math.Min(1, (untilDay.DayNumber - drug.Start.DayNumber) / (double)days);
        if (day > end)
        {
            fraction *= Math.Max(0, 1 - (day.DayNumber - end.DayNumber) / 30.0);
        }
        return fraction;
    }

    private double TrueSystolic(DateOnly day)
    {
        var value = _sbpBase;
        foreach (var drug in _drugs)
        {
            if (drug.Role == DrugRole.BloodPressure)
            {
                value -= drug.Effect * Ramp(drug, day, 60) * _adherence;
            }
        }
        return value;
    }

    private double TrueA1c(DateOnly day)
    {
        var value = _a1cBase + (HasOn(Disease.Diabetes, day) ? _a1cTrend * YearsIntoHistory(day) : 0);
        foreach (var drug in _drugs)
        {
            if (drug.Role == DrugRole.Glucose)
            {
                value -= drug.Effect * Ramp(drug, day, 90) * _adherence;
            }
        }
        return Math.Max(5.2, value);
    }

    private double TrueLdl(DateOnly day)
    {
        var value = _ldlBase;
        foreach (var drug in _drugs)
        {
            if (drug.Role == DrugRole.Statin)
            {
                value *= 1 - drug.Effect * Ramp(drug, day, 45) * Math.Max(0.4, _adherence);
            }
        }
        return value;
    }

    private double Height(DateOnly day)
    {
        var age = (day.DayNumber - _birth.DayNumber) / DaysPerYear;
        var scale = _adultHeight / 169.0;
        double height = age switch
        {
            < 1 => 50 + 25 * age,
            < 2 => 75 + 12 * (age - 1),
            < 13 => 87 + 5.8 * (age - 2),
            < 17 => 150.8 + (169 - 150.8) * (age - 13) / 4,
            _ => 169,
        };
        return height * scale;
    }

    private double Weight(DateOnly day)
    {
        var age = (day.DayNumber - _birth.DayNumber) / DaysPerYear;
        var heightM = Height(day) / 100;
        var bmi = age switch
        {
            < 2 => 16.5,
            < 18 => 15.5 + (_bmi - 15.5) * (age - 2) / 20,
            _ => _bmi,
        };
        var weight = bmi * heightM * heightM;
        if (age >= 18)
        {
            weight += _weightDrift * YearsIntoHistory(day);
        }
        return Math.Max(2.5, weight);
    }

    private double Egfr(DateOnly day) => Math.Max(4, _egfrBase - _egfrDecline * Math.Max(0, YearsIntoHistory(day)));

    // ------------------------------------------------------------------ observations

    private void MeasureVitals(PlannedVisit visit, DateOnly day)
    {
        if (visit.Class == EncounterClass.Virtual)
        {
            return;
        }
        var at = visit.Start.AddMinutes(_rng.Between(2, 10));
        var age = (day.DayNumber - _birth.DayNumber) / DaysPerYear;
        var acute = visit.Kind is VisitKind.Acute or VisitKind.Emergency or VisitKind.Inpatient;
        var infection = visit.Reason?.Code is "J06.9" or "J02.9" or "J18.9" or "U07.1" or "N39.0" or "J44.1";

        if (age >= 3)
        {
            var setting = visit.Kind is VisitKind.Emergency or VisitKind.Inpatient ? _rng.Normal(9, 5) : 0;
            var systolic = Math.Round(Math.Clamp(TrueSystolic(day) + setting + _rng.Normal(0, 7), 78, 230));
            var diastolic = Math.Round(Math.Clamp(0.45 * systolic + 16 + _rng.Normal(0, 5) - (age > 65 ? 6 : 0), 40, 135));
            visit.LastSystolic = systolic;
            AddBloodPressure(visit, at, systolic, diastolic);
            // Clinics recheck a high office reading after a few minutes' rest; CMS165 then takes the lowest
            // systolic and the lowest diastolic of the day, which may come from different readings.
            if (visit.Class == EncounterClass.Ambulatory && systolic >= 140 && _rng.Chance(0.5))
            {
                var recheckSystolic = Math.Max(80, systolic - _rng.Between(2, 14));
                var recheckDiastolic = Math.Max(40, diastolic + _rng.Between(-6, 2));
                visit.LastSystolic = Math.Min(systolic, recheckSystolic);
                AddBloodPressure(visit, at.AddMinutes(_rng.Between(5, 12)), recheckSystolic, recheckDiastolic);
            }
        }
        var heartRate = age < 12 ? 125 - 4.5 * age : 74 + (HasOn(Disease.HeartFailure, day) || HasOn(Disease.AtrialFibrillation, day) ? 8 : 0);
        AddObservation(visit, at, ObservationCategory.VitalSigns, "8867-4", Round(Math.Clamp(_rng.Normal(heartRate + (infection ? 12 : 0), 8), 40, 190), 0), "/min");

        if (acute || visit.Kind is VisitKind.HomeHealth or VisitKind.Hospice)
        {
            var respiratory = (age < 12 ? 26 - age : 16) + (HasOn(Disease.Copd, day) ? 4 : 0) + (infection ? 3 : 0);
            AddObservation(visit, at, ObservationCategory.VitalSigns, "9279-1", Round(Math.Clamp(_rng.Normal(respiratory, 1.5), 8, 60), 0), "/min");
            var temperature = infection ? _rng.Normal(38.2, 0.5) : _rng.Normal(36.8, 0.2);
            AddObservation(visit, at, ObservationCategory.VitalSigns, "8310-5", Round(Math.Clamp(temperature, 35, 41.5), 1), "Cel");
            var saturation = HasOn(Disease.Copd, day) ? _rng.Normal(92, 1.8) : HasOn(Disease.HeartFailure, day) ? _rng.Normal(94, 1.5) : _rng.Normal(97.6, 0.9);
            AddObservation(visit, at, ObservationCategory.VitalSigns, "59408-5", Round(Math.Clamp(saturation - (infection ? 2 : 0), 78, 100), 0), "%");
        }

        if (visit.Kind == VisitKind.Inpatient && visit.FromEmergency is not null)
        {
            return;
        }
        var weight = Round(Weight(day) + _rng.Normal(0, age < 18 ? 0.2 : 0.6), 1);
        AddObservation(visit, at, ObservationCategory.VitalSigns, "29463-7", weight, "kg");
        if (visit.Class == EncounterClass.Ambulatory && visit.Kind != VisitKind.NursingFacility || age < 18)
        {
            var height = Round(Height(day) + _rng.Normal(0, 0.4), 1);
            AddObservation(visit, at, ObservationCategory.VitalSigns, "8302-2", height, "cm");
            if (age >= 2)
            {
                var meters = (double)height / 100;
                AddObservation(visit, at, ObservationCategory.VitalSigns, "39156-5", Round((double)weight / (meters * meters), 1), "kg/m2");
            }
        }
    }

    private void AddBloodPressure(PlannedVisit visit, DateTime at, double systolic, double diastolic) =>
        AddObservation(visit, at, ObservationCategory.VitalSigns, "85354-9", null, null,
        [
            new ObservationComponent(CodeCatalog.Loinc("8480-6"), (decimal)systolic, "mm[Hg]"),
            new ObservationComponent(CodeCatalog.Loinc("8462-4"), (decimal)diastolic, "mm[Hg]"),
        ]);

    private void DrawLabs(PlannedVisit visit, DateOnly day)
    {
        if (visit.Class is EncounterClass.Virtual || visit.Kind is VisitKind.Hospice)
        {
            return;
        }
        var age = (day.DayNumber - _birth.DayNumber) / DaysPerYear;
        if (age < 18 && visit.Kind != VisitKind.Emergency)
        {
            return;
        }
        var at = visit.Start.AddMinutes(_rng.Between(15, 40));
        var routine = visit.Kind is VisitKind.Routine or VisitKind.Diagnosis or VisitKind.AnnualWellness or VisitKind.Preventive or VisitKind.NursingFacility;
        var diabetic = HasOn(Disease.Diabetes, day);

        var a1cDue = diabetic ? _rng.Chance(0.45 + 0.45 * _adherence) : _rng.Chance(visit.Kind == VisitKind.Preventive ? 0.25 : 0.04);
        if (routine && (a1cDue || visit.Diagnosed?.Disease == Disease.Diabetes) && day.DayNumber - _lastA1cDay >= 80)
        {
            var a1c = Round(Math.Clamp(TrueA1c(day) + _rng.Normal(0, 0.15), 4.2, 15.5), 1);
            visit.LastA1c = (double)a1c;
            _lastA1cDay = day.DayNumber;
            AddObservation(visit, at, ObservationCategory.Laboratory, "4548-4", a1c, "%");
        }

        var kidneyWatch = HasOn(Disease.Hypertension, day) || diabetic || HasOn(Disease.ChronicKidneyDisease, day) || HasOn(Disease.HeartFailure, day);
        var panelDue = visit.Kind is VisitKind.Emergency or VisitKind.Inpatient
            || (routine && (kidneyWatch ? day.DayNumber - _lastPanelDay >= 150 && _rng.Chance(0.85) : _rng.Chance(0.15)));
        if (panelDue && day.DayNumber - _lastPanelDay >= 1)
        {
            _lastPanelDay = day.DayNumber;
            var glucose = diabetic ? 28.7 * TrueA1c(day) - 46.7 + _rng.Normal(0, 18) : _rng.Normal(92, 9);
            AddObservation(visit, at, ObservationCategory.Laboratory, "2345-7", Round(Math.Clamp(glucose, 55, 520), 0), "mg/dL");
            var egfr = Math.Clamp(Egfr(day) + _rng.Normal(0, 3), 4, 140);
            var creatinine = Round(CreatinineFor(egfr, age), 2);
            AddObservation(visit, at, ObservationCategory.Laboratory, "2160-0", creatinine, "mg/dL");
            AddObservation(visit, at, ObservationCategory.Laboratory, "62238-1", Round(CkdEpi2021((double)creatinine, age), 0), "mL/min/{1.73_m2}");
        }

        var lipidWatch = diabetic || HasOn(Disease.Hyperlipidemia, day) || HasOn(Disease.CoronaryDisease, day);
        if (routine && age >= 40 && day.DayNumber - _lastLipidDay >= 300 && _rng.Chance(lipidWatch ? 0.8 : 0.35))
        {
            _lastLipidDay = day.DayNumber;
            AddObservation(visit, at, ObservationCategory.Laboratory, "13457-7", Round(Math.Clamp(TrueLdl(day) + _rng.Normal(0, 8), 25, 300), 0), "mg/dL");
        }

        if (HasOn(Disease.HeartFailure, day) && visit.Kind is VisitKind.Emergency or VisitKind.Inpatient or VisitKind.Routine && _rng.Chance(visit.Kind == VisitKind.Routine ? 0.3 : 0.9))
        {
            var bnp = _bnpBase * (visit.Kind == VisitKind.Routine ? 1 : 1.8) * _rng.Uniform(0.7, 1.3);
            AddObservation(visit, at, ObservationCategory.Laboratory, "30934-4", Round(Math.Clamp(bnp, 5, 5000), 0), "pg/mL");
        }

        if (HasOn(Disease.Depression, day) && visit.Kind == VisitKind.Routine && _rng.Chance(0.6))
        {
            var treated = _drugs.Count > 0 ? 3 : 0;
            var score = _rng.Normal(11 - treated, 4);
            AddObservation(visit, visit.Start.AddMinutes(1), ObservationCategory.Survey, "44261-6", Round(Math.Clamp(score, 0, 27), 0), "{score}");
        }
    }

    private int _lastA1cDay = int.MinValue / 2;
    private int _lastPanelDay = int.MinValue / 2;
    private int _lastLipidDay = int.MinValue / 2;

    private double CkdEpi2021(double creatinine, double age)
    {
        var female = _sex == AdministrativeSex.Female;
        var kappa = female ? 0.7 : 0.9;
        var alpha = female ? -0.241 : -0.302;
        var ratio = creatinine / kappa;
        return 142 * Math.Pow(Math.Min(ratio, 1), alpha) * Math.Pow(Math.Max(ratio, 1), -1.200) * Math.Pow(0.9938, Math.Max(age, 18)) * (female ? 1.012 : 1);
    }

    private double CreatinineFor(double egfr, double age)
    {
        var female = _sex == AdministrativeSex.Female;
        var kappa = female ? 0.7 : 0.9;
        var alpha = female ? -0.241 : -0.302;
        var atKappa = 142 * Math.Pow(0.9938, Math.Max(age, 18)) * (female ? 1.012 : 1);
        var ratio = egfr >= atKappa ? Math.Pow(egfr / atKappa, 1 / alpha) : Math.Pow(egfr / atKappa, -1 / 1.200);
        return Math.Clamp(ratio * kappa, 0.3, 14);
    }

    private void AddObservation(PlannedVisit visit, DateTime at, ObservationCategory category, string loinc, decimal? value, string? unit, IReadOnlyList<ObservationComponent>? components = null)
    {
        _observations.Add(new Observation
        {
            Id = $"{_id}-o{_observations.Count + 1:D4}",
            PatientId = _id,
            EncounterId = visit.Id,
            Category = category,
            Code = CodeCatalog.Loinc(loinc),
            Effective = at,
            Value = value,
            Unit = unit,
            Components = components ?? [],
        });
    }

    private static decimal Round(double value, int digits) => decimal.Round((decimal)value, digits, MidpointRounding.AwayFromZero);

    // ------------------------------------------------------------------ immunizations and procedures

    private DateOnly Vaccinate(PlannedVisit visit, DateOnly day, DateOnly lastFlu)
    {
        if (visit.Class != EncounterClass.Ambulatory || visit.Kind is VisitKind.Emergency)
        {
            return lastFlu;
        }
        var age = (day.DayNumber - _birth.DayNumber) / DaysPerYear;
        var season = day.Month >= 9 ? day.Year : day.Year - 1;
        var inSeason = day.Month >= 9 || day.Month <= 2;
        var lastSeason = lastFlu.Month >= 9 ? lastFlu.Year : lastFlu.Year - 1;
        if (inSeason && age >= 0.5 && (lastFlu == DateOnly.MinValue || lastSeason != season))
        {
            if (_rng.Chance(age >= 65 ? 0.7 : age >= 18 ? 0.45 : 0.6))
            {
                Immunize(age >= 3 ? "140" : "141", visit);
                if (_patient.PayerKind == PayerKind.Medicare)
                {
                    AddProcedure("G0008", visit, day);
                }
                lastFlu = day;
            }
            else
            {
                // A refused or deferred vaccination still closes the season's offer.
                lastFlu = day;
            }
        }
        if (visit.WellChildMonths is { } months)
        {
            foreach (var cvx in ChildVaccines(months))
            {
                Immunize(cvx, visit);
            }
        }
        if (visit.Kind is VisitKind.Preventive or VisitKind.AnnualWellness)
        {
            var years = (int)age;
            if (years is 4 or 5 && _rng.Chance(0.8) && !_immunizations.Exists(i => i.Vaccine.Code == "03"))
            {
                foreach (var cvx in (string[])["20", "10", "03", "21"])
                {
                    Immunize(cvx, visit);
                }
            }
            else if (years is 11 or 12 && _rng.Chance(0.7) && !_immunizations.Exists(i => i.Vaccine.Code == "115"))
            {
                foreach (var cvx in (string[])["115", "114", "165"])
                {
                    Immunize(cvx, visit);
                }
            }
            else if (years >= 65 && _rng.Chance(0.25) && !_immunizations.Exists(i => i.Vaccine.Code is "133" or "33"))
            {
                Immunize(_rng.Chance(0.5) ? "133" : "33", visit);
                if (_patient.PayerKind == PayerKind.Medicare)
                {
                    AddProcedure("G0009", visit, day);
                }
            }
            else if (years >= 50 && _rng.Chance(0.15) && !_immunizations.Exists(i => i.Vaccine.Code == "187"))
            {
                Immunize("187", visit);
            }
            else if (years >= 19 && _rng.Chance(0.08))
            {
                Immunize(_rng.Chance(0.6) ? "115" : "113", visit);
            }
        }
        if (inSeason && age >= 18 && visit.Kind == VisitKind.Routine && _rng.Chance(0.06))
        {
            Immunize("208", visit);
        }
        return lastFlu;
    }

    private static IEnumerable<string> ChildVaccines(int months) => months switch
    {
        2 => ["20", "10", "49", "08", "119"],
        4 => ["20", "10", "49", "119"],
        6 => ["20", "08"],
        12 => ["03", "21", "83"],
        15 => ["20", "49"],
        18 => ["83"],
        _ => [],
    };

    private void Immunize(string cvx, PlannedVisit visit)
    {
        _immunizations.Add(new Immunization
        {
            Id = $"{_id}-i{_immunizations.Count + 1:D2}",
            PatientId = _id,
            EncounterId = visit.Id,
            Vaccine = CodeCatalog.Cvx(cvx),
            Occurrence = visit.Start.AddMinutes(_rng.Between(10, 30)),
            LotNumber = $"SYNLOT{_rng.Between(10000, 99999)}",
        });
    }

    private void RecordProcedures(PlannedVisit visit, DateOnly day)
    {
        switch (visit.Kind)
        {
            case VisitKind.AnnualWellness:
                AddProcedure(_procedures.Exists(p => p.Code.Code is "G0438" or "G0439") || _rng.Chance(0.7) ? "G0439" : "G0438", visit, day);
                break;
            case VisitKind.Inpatient when visit.InpatientProcedure is { } pcs:
                AddProcedure(pcs, visit, visit.Planned ? day : DateOnly.FromDateTime(visit.Start.AddHours(_rng.Between(2, 20))));
                if (pcs == "027034Z")
                {
                    _procedures.Insert(_procedures.Count - 1, NewProcedure("4A023N7", visit, _procedures[^1].Performed.AddMinutes(-30)));
                }
                break;
            case VisitKind.Emergency when visit.Reason?.Code is "R10.9" or "M54.50" or "S93.401A" or "R07.9" && _rng.Chance(0.4):
                AddProcedure(visit.Reason.Code == "R10.9" ? "J2405" : "J1885", visit, day);
                break;
            case VisitKind.HomeHealth:
                AddProcedure("G0299", visit, day);
                break;
            case VisitKind.Hospice:
                AddProcedure(_rng.Chance(0.5) ? "T2042" : "Q5001", visit, day);
                break;
            case VisitKind.MonitoringEnrollment:
                AddProcedure("A4670", visit, day);
                break;
            case VisitKind.Acute when visit.Class == EncounterClass.Virtual && _rng.Chance(0.5):
                AddProcedure("G2012", visit, day);
                break;
            default:
                break;
        }
    }

    private void AddProcedure(string code, PlannedVisit visit, DateOnly day)
    {
        var at = DateOnly.FromDateTime(visit.Start) == day ? visit.Start.AddMinutes(_rng.Between(10, 40)) : LocalTime(day, _rng.Between(8, 16));
        if (at > visit.End)
        {
            at = visit.End.AddMinutes(-5);
        }
        _procedures.Add(NewProcedure(code, visit, at));
    }

    private Procedure NewProcedure(string code, PlannedVisit visit, DateTime at) => new()
    {
        Id = $"{_id}-x{_procedures.Count + 1:D2}",
        PatientId = _id,
        EncounterId = visit.Id,
        Code = code.Length == 7 ? CodeCatalog.Icd10Pcs(code) : CodeCatalog.Hcpcs(code),
        Performed = at,
        PractitionerId = visit.PractitionerId ?? _patient.PrimaryPractitionerId,
    };

    // ------------------------------------------------------------------ remote monitoring

    private void GenerateRemoteReadings()
    {
        if (_monitoringFrom is not { } from || _monitoringTo is not { } to)
        {
            return;
        }
        var kinds = new List<RemoteReadingKind> { RemoteReadingKind.BloodPressure };
        if (HasOn(Disease.HeartFailure, from))
        {
            kinds.Add(RemoteReadingKind.Weight);
        }
        if (HasOn(Disease.Diabetes, from))
        {
            kinds.Add(RemoteReadingKind.Glucose);
        }
        foreach (var kind in kinds)
        {
            var device = new Device
            {
                Id = $"{_id}-d{_devices.Count + 1}",
                PatientId = _id,
                Kind = kind,
                SerialNumber = $"SYNDEV-{_rng.Between(1_000_000, 9_999_999)}",
                EnrolledFrom = from,
                EnrolledTo = to,
            };
            _devices.Add(device);
        }
        var engagement = _rng.Uniform(0.45, 0.95);
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            foreach (var device in _devices)
            {
                if (!_rng.Chance(engagement))
                {
                    continue;
                }
                var taken = LocalTime(day, _rng.Between(6, 9), _rng.Next(60));
                var reading = new RemoteReading
                {
                    Id = $"{_id}-r{_readings.Count + 1:D5}",
                    PatientId = _id,
                    DeviceId = device.Id,
                    Kind = device.Kind,
                    Taken = taken,
                    Unit = device.Kind switch { RemoteReadingKind.BloodPressure => "mm[Hg]", RemoteReadingKind.Weight => "kg", _ => "mg/dL" },
                };
                switch (device.Kind)
                {
                    case RemoteReadingKind.BloodPressure:
                        var systolic = Math.Round(Math.Clamp(TrueSystolic(day) - 4 + _rng.Normal(0, 6), 80, 220));
                        reading = reading with
                        {
                            Systolic = (decimal)systolic,
                            Diastolic = (decimal)Math.Round(Math.Clamp(0.45 * systolic + 15 + _rng.Normal(0, 4), 40, 130)),
                        };
                        break;
                    case RemoteReadingKind.Weight:
                        reading = reading with { Value = Round(Weight(day) + _rng.Normal(0, 0.5) + (_rng.Chance(0.05) ? _rng.Uniform(1.5, 3) : 0), 1) };
                        break;
                    default:
                        reading = reading with { Value = Round(Math.Clamp(28.7 * TrueA1c(day) - 46.7 + _rng.Normal(0, 25), 50, 450), 0) };
                        break;
                }
                _readings.Add(reading);
            }
        }
    }

    // ------------------------------------------------------------------ allergies

    private void GenerateAllergies()
    {
        if (_rng.Chance(0.11))
        {
            var (rxnorm, reaction) = _rng.Pick(DrugAllergies);
            var code = CodeCatalog.RxNorm(rxnorm);
            AddAllergy(code, code.Display, AllergyCategory.Medication, reaction, _rng.Chance(0.15));
        }
        if (_rng.Chance(0.06))
        {
            var (substance, reaction, high) = _rng.Pick(FoodAllergies);
            AddAllergy(null, substance, AllergyCategory.Food, reaction, high);
        }
        if (_rng.Chance(0.05))
        {
            var (substance, reaction, high) = _rng.Pick(EnvironmentAllergies);
            AddAllergy(null, substance, AllergyCategory.Environment, reaction, high);
        }
    }

    private void AddAllergy(ClinicalCode? code, string substance, AllergyCategory category, string reaction, bool high)
    {
        var earliest = _birth.AddYears(1) < _asOf ? _birth.AddYears(1) : _birth;
        _allergies.Add(new AllergyIntolerance
        {
            Id = $"{_id}-a{_allergies.Count + 1}",
            PatientId = _id,
            Code = code,
            Substance = substance,
            Category = category,
            HighCriticality = high,
            Reaction = reaction,
            Recorded = RandomDate(earliest, _windowEnd),
        });
    }

    // ------------------------------------------------------------------ appointments and claims

    private List<Appointment> FinishAppointments()
    {
        var ordered = _appointments
            .Where(a => a.Status is AppointmentStatus.Booked || DateOnly.FromDateTime(a.Start) <= _windowEnd)
            .Where(a => a.Status != AppointmentStatus.Fulfilled || a.Visit is not null)
            .OrderBy(a => a.Start)
            .ToList();
        var appointments = new List<Appointment>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var planned = ordered[i];
            var id = $"{_id}-ap{i + 1:D3}";
            planned.Visit?.AppointmentId = id;
            appointments.Add(new Appointment
            {
                Id = id,
                PatientId = _id,
                PractitionerId = planned.PractitionerId,
                LocationId = planned.Virtual ? _network.VirtualLocationId : _network.ClinicLocationId,
                Start = planned.Start,
                End = planned.End,
                BookedAt = planned.BookedAt,
                Status = planned.Status,
                CancelledAt = planned.CancelledAt,
                Virtual = planned.Virtual,
                ServiceType = planned.ServiceType,
                EncounterId = planned.Visit?.Id,
            });
        }
        return appointments;
    }

    private void GenerateClaims(List<Encounter> encounters)
    {
        for (var i = 0; i < encounters.Count; i++)
        {
            var visit = _visits[i];
            if (visit.AppointmentId is not null)
            {
                encounters[i] = encounters[i] with { AppointmentId = visit.AppointmentId };
            }
        }
        if (_patient.PayerId is not { } payer)
        {
            return;
        }
        foreach (var encounter in encounters)
        {
            var serviceEnd = DateOnly.FromDateTime(encounter.End);
            var created = serviceEnd.AddDays(_rng.Between(1, 6));
            if (created > _asOf)
            {
                continue;
            }
            var serviceStart = DateOnly.FromDateTime(encounter.Start);
            var diagnoses = new List<ClaimDiagnosis>();
            void AddDiagnosis(ClinicalCode code)
            {
                if (diagnoses.Count < 12 && code.System == CodeSystemUris.Icd10Cm && !diagnoses.Exists(d => d.Code.Code == code.Code))
                {
                    diagnoses.Add(new ClaimDiagnosis(diagnoses.Count + 1, code));
                }
            }
            if (encounter.Reason is { } reason)
            {
                AddDiagnosis(reason);
            }
            foreach (var condition in _conditions)
            {
                if (condition.Category == ConditionCategory.EncounterDiagnosis && condition.EncounterId == encounter.Id)
                {
                    AddDiagnosis(condition.Code);
                }
            }
            foreach (var condition in _conditions)
            {
                if (diagnoses.Count >= 5)
                {
                    break;
                }
                if (condition.Category == ConditionCategory.ProblemListItem && condition.Onset <= serviceEnd && (condition.Abatement is null || condition.Abatement >= serviceStart))
                {
                    AddDiagnosis(condition.Code);
                }
            }
            if (diagnoses.Count == 0)
            {
                AddDiagnosis(CodeCatalog.Icd10Cm(_patient.AgeOn(serviceStart) < 18 ? "Z00.129" : "Z00.00"));
            }

            var lines = new List<ClaimLine>();
            foreach (var procedure in _procedures)
            {
                if (procedure.EncounterId == encounter.Id)
                {
                    lines.Add(new ClaimLine(lines.Count + 1, procedure.Code, Round(PriceOf(procedure.Code), 2)));
                }
            }
            var days = Math.Max(1, serviceEnd.DayNumber - serviceStart.DayNumber);
            var visitCharge = encounter.Class switch
            {
                EncounterClass.Inpatient => _rng.Uniform(2600, 4200) * days,
                EncounterClass.Emergency => _rng.Uniform(650, 2400),
                EncounterClass.Virtual => _rng.Uniform(45, 140),
                EncounterClass.HomeHealth => _rng.Uniform(110, 220),
                _ => _rng.Uniform(95, 260),
            };
            var total = Round(visitCharge, 2) + lines.Sum(l => l.Amount);
            _claims.Add(new Claim
            {
                Id = $"{_id}-cl{_claims.Count + 1:D3}",
                PatientId = _id,
                EncounterId = encounter.Id,
                Kind = encounter.Class is EncounterClass.Inpatient or EncounterClass.Emergency ? ClaimKind.Institutional : ClaimKind.Professional,
                PayerId = payer,
                ProviderOrganizationId = encounter.OrganizationId,
                Created = created,
                ServiceStart = serviceStart,
                ServiceEnd = serviceEnd,
                Total = total,
                Diagnoses = diagnoses,
                Lines = lines,
            });
        }
    }

    private double PriceOf(ClinicalCode code) => code.Code switch
    {
        "0SRC0J9" => _rng.Uniform(18000, 32000),
        "027034Z" => _rng.Uniform(14000, 26000),
        "0FT44ZZ" or "0DTJ4ZZ" => _rng.Uniform(9000, 16000),
        "10D00Z1" => _rng.Uniform(9000, 14000),
        "10E0XZZ" => _rng.Uniform(5000, 9000),
        "5A1935Z" or "4A023N7" or "30233N1" or "5A1D70Z" => _rng.Uniform(1500, 5000),
        "G0438" or "G0439" => _rng.Uniform(120, 190),
        "E0607" => _rng.Uniform(40, 90),
        "A4670" => _rng.Uniform(45, 110),
        "T2042" => _rng.Uniform(180, 230),
        _ => _rng.Uniform(15, 120),
    };

    // ------------------------------------------------------------------ time helpers

    private static DateTime LocalTime(DateOnly day, int localHour, int minute = 0) =>
        day.ToDateTime(new TimeOnly(localHour, minute), DateTimeKind.Unspecified);

    private DateOnly RandomDate(DateOnly from, DateOnly to) =>
        to <= from ? from : from.AddDays(_rng.Next(to.DayNumber - from.DayNumber + 1));

    private DateOnly RandomWeekday(DateOnly from, DateOnly to) => Weekday(RandomDate(from, to), from);

    private DateOnly Weekday(DateOnly day) => Weekday(day, _windowStart);

    private static DateOnly Weekday(DateOnly day, DateOnly notBefore)
    {
        var moved = day.DayOfWeek switch
        {
            DayOfWeek.Saturday => day.AddDays(-1),
            DayOfWeek.Sunday => day.AddDays(-2),
            _ => day,
        };
        return moved < notBefore ? day.AddDays(day.DayOfWeek == DayOfWeek.Saturday ? 2 : 1) : moved;
    }

    private IEnumerable<DateOnly> RandomDays(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return RandomWeekday(_windowStart, _windowEnd);
        }
    }

    private bool InFacility(DateOnly day) => _facilityFrom is { } from && day >= from;

    private ClinicalCode? RoutineReason(DateOnly day)
    {
        var active = _chronic.Where(c => c.Disease is not null && c.Onset <= day && c.Abatement is null).ToList();
        return active.Count == 0 ? null : _rng.Pick(active).Code;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    // ------------------------------------------------------------------ tables

    private static readonly string[] FirstLineAntihypertensives = ["314076", "314076", "314076", "197361", "197361", "310798", "979492"];
    private static readonly string[] AddOnAntihypertensives = ["197361", "310798", "979492", "314076"];
    private static readonly string[] EmergencyReasons = ["R07.9", "R10.9", "S93.401A", "J18.9", "R51.9", "N39.0", "M54.50", "K35.80", "U07.1"];
    private static readonly double[] EmergencyReasonWeights = [20, 20, 15, 8, 10, 10, 10, 1, 5];

    private static readonly (string RxNorm, string Reaction)[] DrugAllergies =
    [
        ("7980", "Hives"), ("7980", "Rash"), ("723", "Rash"), ("10180", "Rash"), ("2670", "Nausea and vomiting"),
        ("1191", "Wheezing"), ("5640", "Hives"), ("29046", "Persistent dry cough"),
    ];

    private static readonly (string Substance, string Reaction, bool High)[] FoodAllergies =
    [
        ("Peanut", "Anaphylaxis", true), ("Shellfish", "Hives", false), ("Tree nuts", "Swelling of lips", true), ("Egg", "Rash", false), ("Cow's milk", "Abdominal cramps", false),
    ];

    private static readonly (string Substance, string Reaction, bool High)[] EnvironmentAllergies =
    [
        ("Bee venom", "Anaphylaxis", true), ("Latex", "Contact dermatitis", false), ("Cat dander", "Sneezing and itchy eyes", false), ("Grass pollen", "Rhinitis", false),
    ];

    private static string[] AcuteReasons(int age, AdministrativeSex sex) => age < 18
        ? ["J06.9", "J06.9", "J02.9", "S93.401A", "R51.9"]
        : sex == AdministrativeSex.Female
            ? ["J06.9", "J02.9", "N39.0", "N39.0", "M54.50", "R51.9", "U07.1"]
            : ["J06.9", "J02.9", "M54.50", "M54.50", "R51.9", "U07.1", "S93.401A"];

    private static bool IsAcute(string icd) => icd is "J06.9" or "J02.9" or "N39.0" or "M54.50" or "R51.9" or "U07.1" or "S93.401A"
        or "R07.9" or "R10.9" or "J18.9" or "K35.80" or "I21.4" or "J44.1" or "J45.901";

    private static DrugRole DrugRoleOf(string rxnorm) => rxnorm switch
    {
        "314076" or "314077" or "311354" or "979492" or "979480" or "197361" or "310798" => DrugRole.BloodPressure,
        "860975" or "1373463" or "897122" or "865098" => DrugRole.Glucose,
        "859747" or "259255" or "904475" => DrugRole.Statin,
        _ => DrugRole.Other,
    };

    private static string DosageFor(string rxnorm) => rxnorm switch
    {
        "860975" => "Take 1 tablet by mouth once daily with the evening meal",
        "1373463" => "Take 1 tablet by mouth once daily before the first meal",
        "897122" => "Inject 1.2 mg under the skin once daily",
        "865098" => "Inject per sliding scale under the skin before meals",
        "1656351" => "Take 1 tablet by mouth twice daily",
        "200031" or "200032" => "Take 1 tablet by mouth twice daily with food",
        "866924" => "Take 1 tablet by mouth twice daily",
        "313988" => "Take 1 tablet by mouth every morning",
        "1364445" => "Take 1 tablet by mouth twice daily",
        "745752" or "859088" => "Inhale 2 puffs every 4 to 6 hours as needed for wheezing",
        "313782" => "Take 2 tablets by mouth every 6 hours as needed for pain",
        "859747" or "259255" or "904475" => "Take 1 tablet by mouth once daily at bedtime",
        _ => "Take 1 tablet by mouth once daily",
    };

    private static string ServiceTypeOf(VisitKind kind) => kind switch
    {
        VisitKind.Preventive => "Preventive care visit",
        VisitKind.AnnualWellness => "Annual wellness visit",
        VisitKind.Diagnosis => "New problem visit",
        VisitKind.Prenatal => "Prenatal visit",
        VisitKind.Acute => "Same-day sick visit",
        VisitKind.Palliative => "Palliative care consultation",
        VisitKind.MonitoringEnrollment => "Remote monitoring enrolment",
        _ => "Follow-up visit",
    };

    private static ClinicalCode VisitTypeOf(VisitKind kind) => kind switch
    {
        VisitKind.Preventive => EncounterTypes.PreventiveVisit,
        VisitKind.AnnualWellness => EncounterTypes.AnnualWellnessVisit,
        VisitKind.Acute => EncounterTypes.AcuteVisit,
        VisitKind.Palliative => EncounterTypes.PalliativeConsult,
        _ => EncounterTypes.OfficeVisit,
    };

    private sealed class ChronicProblem(Disease? disease, ClinicalCode code, DateOnly onset)
    {
        public Disease? Disease { get; } = disease;

        public ClinicalCode Code { get; } = code;

        public DateOnly Onset { get; set; } = onset;

        public DateOnly? Abatement { get; init; }

        public string? ConditionId { get; set; }
    }

    private sealed class Drug(string rxnorm, DrugRole role, DateOnly start, double effect, int requestIndex)
    {
        public string RxNorm { get; } = rxnorm;

        public DrugRole Role { get; } = role;

        public DateOnly Start { get; } = start;

        public double Effect { get; } = effect;

        public int RequestIndex { get; } = requestIndex;

        public DateOnly? Stopped { get; set; }
    }

    private sealed class PlannedVisit
    {
        public required VisitKind Kind { get; init; }

        public required EncounterClass Class { get; init; }

        public required ClinicalCode Type { get; init; }

        public required DateTime Start { get; init; }

        public required DateTime End { get; init; }

        public ClinicalCode? Reason { get; init; }

        public int Sequence { get; init; }

        public string Id { get; set; } = string.Empty;

        public string? PractitionerId { get; set; }

        public string? AppointmentId { get; set; }

        public bool Planned { get; init; }

        public PlannedVisit? FromEmergency { get; init; }

        public DischargeDisposition Disposition { get; set; }

        public string? InpatientProcedure { get; init; }

        public ChronicProblem? Diagnosed { get; set; }

        public int? WellChildMonths { get; set; }

        public double LastSystolic { get; set; }

        public double LastA1c { get; set; }
    }

    private sealed class PlannedAppointment
    {
        public required DateTime Start { get; init; }

        public required DateTime End { get; init; }

        public required DateTime BookedAt { get; init; }

        public AppointmentStatus Status { get; set; } = AppointmentStatus.Fulfilled;

        public DateTime? CancelledAt { get; set; }

        public required bool Virtual { get; init; }

        public required string ServiceType { get; init; }

        public required string PractitionerId { get; init; }

        public PlannedVisit? Visit { get; set; }
    }
}
