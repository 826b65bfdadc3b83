using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Microcred.Web.Features.Catalog;

internal sealed class LearningProgramConfiguration : IEntityTypeConfiguration<LearningProgram>
{
    public void Configure(EntityTypeBuilder<LearningProgram> builder)
    {
        builder.ToTable("Programs");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.HasIndex(p => p.Slug).IsUnique();
        builder.Property(p => p.Slug).HasMaxLength(100);
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(p => p.Area).HasMaxLength(64);
        builder.Property(p => p.Title).HasMaxLength(200);
        builder.Property(p => p.Summary).HasMaxLength(300);
        builder.Property(p => p.Format).HasMaxLength(100);
        builder.Property(p => p.EstimatedHours).HasPrecision(6, 1);
        builder.Property(p => p.CreditHours).HasPrecision(6, 1);
        builder.Property(p => p.Price).HasPrecision(10, 2);
        builder.OwnsMany(p => p.ContinuingEducation, credit =>
        {
            credit.ToTable("ProgramContinuingEducation");
            credit.WithOwner().HasForeignKey("ProgramId");
            credit.Property<int>("Id");
            credit.HasKey("Id");
            credit.Property(c => c.Type).HasMaxLength(200);
            credit.Property(c => c.Hours).HasPrecision(6, 1);
        });
        builder.HasMany(p => p.Modules).WithOne().HasForeignKey(m => m.ProgramId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(p => p.IsFree);
        builder.Ignore(p => p.IsEnrollable);
    }
}

internal sealed class ModuleConfiguration : IEntityTypeConfiguration<Module>
{
    public void Configure(EntityTypeBuilder<Module> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.HasIndex(m => new { m.ProgramId, m.Slug }).IsUnique();
        builder.Property(m => m.Slug).HasMaxLength(100);
        builder.Property(m => m.Title).HasMaxLength(200);
        builder.Property(m => m.Summary).HasMaxLength(500);
        builder.HasMany(m => m.Lessons).WithOne().HasForeignKey(l => l.ModuleId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LessonConfiguration : IEntityTypeConfiguration<Lesson>
{
    public void Configure(EntityTypeBuilder<Lesson> builder)
    {
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.HasIndex(l => new { l.ProgramId, l.Slug }).IsUnique();
        builder.Property(l => l.Slug).HasMaxLength(150);
        builder.Property(l => l.Title).HasMaxLength(200);
        builder.HasOne<LearningProgram>().WithMany().HasForeignKey(l => l.ProgramId).OnDelete(DeleteBehavior.Restrict);
    }
}
