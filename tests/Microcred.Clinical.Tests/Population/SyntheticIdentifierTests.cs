using System.Text.RegularExpressions;
using Microcred.Clinical.Population;

namespace Microcred.Clinical.Tests.Population;

public partial class SyntheticIdentifierTests(PopulationSample sample) : IClassFixture<PopulationSample>
{
    [GeneratedRegex(@"^9\d{2}-\d{2}-\d{4}$")]
    private static partial Regex NeverIssuedSsn();

    [GeneratedRegex(@"^\d{3}-555-01\d{2}$")]
    private static partial Regex FictionalPhone();

    [GeneratedRegex(@"^[a-z.\-]+\d+@example\.org$")]
    private static partial Regex ExampleEmail();

    [Fact]
    public void No_patient_identifier_could_pass_for_a_real_one()
    {
        var mrns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in sample.Records.Select(r => r.Patient))
        {
            Assert.Matches(@"^SYN-\d{8}$", p.Mrn);
            Assert.True(mrns.Add(p.Mrn), $"duplicate MRN {p.Mrn}");
            Assert.True(p.Ssn is null || NeverIssuedSsn().IsMatch(p.Ssn), p.Ssn);
            Assert.Matches(FictionalPhone(), p.Phone);
            Assert.Matches(ExampleEmail(), p.Email);
            Assert.True(p.MemberId is null || Regex.IsMatch(p.MemberId, @"^SYNM\d{9}$"), p.MemberId);
            Assert.Equal(p.PayerKind == PayerKind.SelfPay, p.MemberId is null);
        }
        Assert.Contains(sample.Records, r => r.Patient.Ssn is not null);
    }

    [Fact]
    public void Device_lot_and_staff_identifiers_are_marked_synthetic()
    {
        Assert.All(sample.Records.SelectMany(r => r.Devices), d => Assert.StartsWith("SYNDEV-", d.SerialNumber, StringComparison.Ordinal));
        Assert.All(sample.Records.SelectMany(r => r.Immunizations), i => Assert.StartsWith("SYNLOT", i.LotNumber, StringComparison.Ordinal));
        Assert.All(sample.Generator.Reference.Practitioners, p => Assert.StartsWith("SYNP-", p.Identifier, StringComparison.Ordinal));
        Assert.All(sample.Generator.Reference.Organizations, o => Assert.Matches(FictionalPhone(), o.Phone));
        Assert.All(sample.Generator.Reference.Organizations, o => Assert.Contains("synthetic", o.Name, StringComparison.Ordinal));
    }
}
