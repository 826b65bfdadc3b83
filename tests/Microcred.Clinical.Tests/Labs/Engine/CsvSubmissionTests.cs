using System.Text;
using Microcred.Clinical.Labs;
using Microcred.Clinical.Labs.Submissions;

namespace Microcred.Clinical.Tests.Labs.Engine;

public class CsvSubmissionTests
{
    private static readonly CsvSchema Schema = new(["row_id", "column", "defect_type"], ["note"]);

    private static SubmissionRead<CsvTable> Read(string text) => CsvSubmission.Read(LabSubmission.FromText(text, "findings.csv"), Schema);

    private static SubmissionRead<CsvTable> Read(byte[] bytes) => CsvSubmission.Read(LabSubmission.FromBytes(bytes, "findings.csv"), Schema);

    [Fact]
    public void Quoted_fields_with_commas_quotes_and_line_breaks_are_read_per_RFC_4180()
    {
        var read = Read("row_id,column,defect_type,note\r\n7,\"weight_kg\",unit_mismatch,\"said \"\"lb\"\", line\r\nbreak, comma\"\r\n");

        Assert.Empty(read.Issues);
        var row = Assert.Single(read.Value!.Records);
        Assert.Equal("7", row[0]);
        Assert.Equal("weight_kg", row[1]);
        Assert.Equal("said \"lb\", line\r\nbreak, comma", row[3]);
    }

    [Fact]
    public void Byte_order_mark_LF_line_ends_and_header_case_are_accepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("Row_ID, Column ,DEFECT_TYPE\n1,a,b\n2,c,d")).ToArray();

        var read = Read(bytes);

        Assert.Empty(read.Issues);
        Assert.Equal(2, read.Value!.Records.Count);
        Assert.Equal(2, read.Value.ColumnIndex("defect_type"));
        Assert.Equal("d", read.Value.Records[1][2]);
    }

    [Fact]
    public void Missing_column_is_named_in_the_message()
    {
        var read = Read("row_id,column\n1,a\n");

        Assert.Null(read.Value);
        Assert.Contains("missing the column \"defect_type\"", read.FatalIssue!.Message, StringComparison.Ordinal);
        Assert.Contains("row_id,column,defect_type,note", read.FatalIssue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unexpected_and_duplicate_columns_are_named()
    {
        Assert.Contains("Unexpected column \"severity\"", Read("row_id,column,defect_type,severity\n").FatalIssue!.Message, StringComparison.Ordinal);
        Assert.Contains("\"column\" twice", Read("row_id,column,defect_type,column\n").FatalIssue!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Semicolon_separated_file_gets_a_hint()
    {
        var read = Read("row_id;column;defect_type\n1;a;b\n");

        Assert.Contains("semicolon", read.FatalIssue!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_with_the_wrong_number_of_fields_is_skipped_and_named()
    {
        var read = Read("row_id,column,defect_type\n1,a,b\n2,a,b,extra\n3,a,b\n");

        Assert.Equal([1, 3], read.Value!.Records.Select(r => r.Number));
        var issue = Assert.Single(read.Issues);
        Assert.False(issue.IsFatal);
        Assert.Contains("Row 2 (line 3) has 4 fields but the header has 3", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x.test\",\"click\")", "\"=\"")]
    [InlineData("+cmd|' /C calc'!A0", "\"+\"")]
    [InlineData("-2+3+cmd|' /C calc'!A0", "\"-\"")]
    [InlineData("@SUM(1+1)*cmd|' /C calc'!A0", "\"@\"")]
    [InlineData("\t=1+1", "a tab character")]
    [InlineData("\r=1+1", "a carriage return")]
    [InlineData("  =1+1", "\"=\"")]
    public void Formula_cells_are_rejected_with_a_specific_message_and_never_echoed_raw(string cell, string named)
    {
        var quoted = "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var read = Read($"row_id,column,defect_type\n1,{quoted},missing\n");

        var row = Assert.Single(read.Value!.Records);
        Assert.True(row.IsRejected(1));
        Assert.Null(row[1]);
        var issue = Assert.Single(read.Issues);
        Assert.Contains("column \"column\"", issue.Message, StringComparison.Ordinal);
        Assert.Contains(named, issue.Message, StringComparison.Ordinal);
        Assert.Contains("formula", issue.Message, StringComparison.Ordinal);
        // The cell may be shown, but only inside quotes, so it can never start a cell or line of its own.
        var shown = cell.TrimStart(' ');
        for (var at = issue.Message.IndexOf(shown, StringComparison.Ordinal); at >= 0; at = issue.Message.IndexOf(shown, at + 1, StringComparison.Ordinal))
        {
            Assert.True(at > 0 && issue.Message[at - 1] is '"' or ' ', $"Unquoted echo at {at}: {issue.Message}");
        }

        Assert.Contains("\"" + cell.Replace("\t", "\\t", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal)[..3], issue.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\t', issue.Message);
        Assert.DoesNotContain('\r', issue.Message);
    }

    [Theory]
    [InlineData("-3.5")]
    [InlineData("+12")]
    [InlineData("-1e3")]
    public void Signed_plain_numbers_are_data_not_formulas(string cell)
    {
        var read = Read($"row_id,column,defect_type\n1,{cell},x\n");

        Assert.Empty(read.Issues);
        Assert.Equal(cell, read.Value!.Records[0][1]);
    }

    [Fact]
    public void Formula_in_the_header_makes_the_file_unreadable()
    {
        var read = Read("=row_id,column,defect_type\n");

        Assert.Null(read.Value);
        Assert.Contains("formula", read.FatalIssue!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Over_long_cell_is_rejected()
    {
        var read = Read($"row_id,column,defect_type\n1,{new string('a', SubmissionLimits.MaxCellChars + 1)},x\n");

        Assert.True(read.Value!.Records[0].IsRejected(1));
        Assert.Contains("4,001 characters", read.Issues[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_rows_than_the_limit_is_fatal()
    {
        var builder = new StringBuilder("row_id,column,defect_type\n");
        for (var i = 0; i <= SubmissionLimits.MaxCsvRows; i++)
        {
            builder.Append(i).Append(",a,b\n");
        }

        var read = Read(builder.ToString());

        Assert.Null(read.Value);
        Assert.Contains("more than 20,000 data rows", read.FatalIssue!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_columns_than_the_limit_is_fatal()
    {
        var header = string.Join(',', Enumerable.Range(0, SubmissionLimits.MaxCsvColumns + 1).Select(i => "c" + i));

        var read = CsvSubmission.Read(LabSubmission.FromText(header + "\n"), new CsvSchema(["c0"], allowOtherColumns: true));

        Assert.Contains("201 columns; the limit is 200", read.FatalIssue!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unclosed_quote_and_stray_quote_are_fatal_with_their_line()
    {
        Assert.Contains("Line 2, field 2: a quoted field is never closed", Read("row_id,column,defect_type\n1,\"abc,x\n").FatalIssue!.Message, StringComparison.Ordinal);
        Assert.Contains("Line 2, field 2: a double quote inside an unquoted field", Read("row_id,column,defect_type\n1,ab\"c,x\n").FatalIssue!.Message, StringComparison.Ordinal);
        Assert.Contains("Line 2, field 2: text after the closing double quote", Read("row_id,column,defect_type\n1,\"ab\"c,x\n").FatalIssue!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_and_blank_files_are_named_as_such()
    {
        Assert.Equal("The submission is empty (0 bytes).", Read([]).FatalIssue!.Message);
        Assert.Equal("The submission contains only white space.", Read(" \r\n\n").FatalIssue!.Message);
    }

    [Fact]
    public void Json_given_to_a_CSV_lab_is_named_as_the_wrong_kind()
    {
        var read = Read("{\"row_id\": 1}");

        Assert.Contains("is JSON, but this lab expects CSV", read.FatalIssue!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D }, "PDF")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14 }, "Excel workbook (.xlsx)")]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x72, 0x00 }, "UTF-16")]
    public void Binary_and_UTF16_files_are_named(byte[] bytes, string expected)
    {
        Assert.Contains(expected, Read(bytes).FatalIssue!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_UTF8_is_reported_with_its_offset()
    {
        var bytes = Encoding.UTF8.GetBytes("row_id,column,defect_type\n1,a").Concat(new byte[] { 0xC3, 0x28 }).ToArray();

        var read = Read(bytes);

        Assert.Contains("not valid UTF-8", read.FatalIssue!.Message, StringComparison.Ordinal);
        Assert.Contains("offset 29", read.FatalIssue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_submission_is_refused_before_parsing()
    {
        var bytes = new byte[SubmissionLimits.MaxBytes + 10];
        Array.Fill(bytes, (byte)'a');

        var submission = LabSubmission.FromBytes(bytes);
        var read = CsvSubmission.Read(submission, Schema);

        Assert.True(submission.ExceedsSizeLimit);
        Assert.Contains("the limit is 2 MiB", read.FatalIssue!.Message, StringComparison.Ordinal);
    }
}
