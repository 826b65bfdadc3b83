using Microcred.Web.Features.Catalog;
using Microcred.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Microcred.Web.Features.Learning;

internal sealed class EnrollmentConfiguration : IEntityTypeConfiguration<Enrollment>
{
    public void Configure(EntityTypeBuilder<Enrollment> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.HasIndex(e => new { e.UserId, e.ProgramId }).IsUnique();
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(32);
        builder.HasOne<UserAccount>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<LearningProgram>().WithMany().HasForeignKey(e => e.ProgramId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(e => e.Completions).WithOne().HasForeignKey(c => c.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(e => e.Completions).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(e => e.IsActive);
    }
}

internal sealed class LessonCompletionConfiguration : IEntityTypeConfiguration<LessonCompletion>
{
    public void Configure(EntityTypeBuilder<LessonCompletion> builder)
    {
        builder.HasKey(c => new { c.EnrollmentId, c.LessonId });
        builder.HasOne<Lesson>().WithMany().HasForeignKey(c => c.LessonId).OnDelete(DeleteBehavior.Restrict);
    }
}
