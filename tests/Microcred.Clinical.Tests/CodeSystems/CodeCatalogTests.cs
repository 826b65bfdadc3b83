using Microcred.Clinical.CodeSystems;

namespace Microcred.Clinical.Tests.CodeSystems;

public class CodeCatalogTests
{
    [Fact]
    public void Every_bundled_system_loads_and_none_is_cpt_or_snomed()
    {
        Assert.Equal(7, CodeCatalog.SystemUris.Count);
        foreach (var system in CodeCatalog.SystemUris)
        {
            Assert.NotEmpty(CodeCatalog.All(system));
            Assert.DoesNotContain("snomed", system, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("cpt", system, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData(CodeSystemUris.Loinc, "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood")]
    [InlineData(CodeSystemUris.Loinc, "8480-6", "Systolic blood pressure")]
    [InlineData(CodeSystemUris.Loinc, "85354-9", "Blood pressure panel with all children optional")]
    [InlineData(CodeSystemUris.Loinc, "39156-5", "Body mass index (BMI) [Ratio]")]
    [InlineData(CodeSystemUris.Icd10Cm, "E11.9", "Type 2 diabetes mellitus without complications")]
    [InlineData(CodeSystemUris.Icd10Cm, "I10", "Essential (primary) hypertension")]
    [InlineData(CodeSystemUris.Icd10Cm, "N18.4", "Chronic kidney disease, stage 4 (severe)")]
    [InlineData(CodeSystemUris.RxNorm, "314076", "lisinopril 10 MG Oral Tablet")]
    [InlineData(CodeSystemUris.Cvx, "140", "Influenza, seasonal, injectable, preservative free")]
    [InlineData(CodeSystemUris.Hcpcs, "G0439", "Annual wellness visit, includes a personalized prevention plan of service (pps), subsequent visit")]
    [InlineData(CodeSystemUris.Icd10Pcs, "0SRC0J9", "Replacement of Right Knee Joint with Synthetic Substitute, Cemented, Open Approach")]
    public void Codes_carry_their_publishers_display_text(string system, string code, string display)
    {
        Assert.Equal(display, CodeCatalog.Get(system, code).Display);
    }

    [Fact]
    public void Codes_have_the_shape_their_system_requires()
    {
        Assert.All(CodeCatalog.All(CodeSystemUris.Icd10Cm), c => Assert.Matches(@"^[A-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?$", c.Code));
        Assert.All(CodeCatalog.All(CodeSystemUris.Icd10Pcs), c => Assert.Matches(@"^[0-9A-HJ-NP-Z]{7}$", c.Code));
        Assert.All(CodeCatalog.All(CodeSystemUris.Hcpcs), c => Assert.Matches(@"^[A-V]\d{4}$", c.Code));
        Assert.All(CodeCatalog.All(CodeSystemUris.Loinc), c => Assert.Matches(@"^\d{1,7}-\d$", c.Code));
        Assert.All(CodeCatalog.All(CodeSystemUris.RxNorm), c => Assert.Matches(@"^\d+$", c.Code));
        Assert.All(CodeCatalog.All(CodeSystemUris.Cvx), c => Assert.Matches(@"^\d{2,3}$", c.Code));
    }

    [Fact]
    public void Loinc_check_digits_are_valid()
    {
        // LOINC codes end in a mod-10 check digit computed over the digits before the hyphen.
        foreach (var code in CodeCatalog.All(CodeSystemUris.Loinc).Select(c => c.Code))
        {
            var parts = code.Split('-');
            Assert.Equal(Mod10(parts[0]), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static int Mod10(string digits)
    {
        var sum = 0;
        var doubleIt = true;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return (10 - sum % 10) % 10;
    }

    [Fact]
    public void An_unknown_code_is_refused_with_the_system_named()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => CodeCatalog.Icd10Cm("Z99.99"));
        Assert.Contains("icd-10-cm", error.Message, StringComparison.Ordinal);
        Assert.False(CodeCatalog.TryGet(CodeSystemUris.Loinc, "0000-0", out _));
    }

    [Fact]
    public void The_loinc_notice_names_regenstrief_and_the_licence()
    {
        Assert.Contains("Regenstrief Institute", CodeCatalog.LoincNotice, StringComparison.Ordinal);
        Assert.Contains("http://loinc.org/license", CodeCatalog.LoincNotice, StringComparison.Ordinal);
    }
}
