using Microcred.Web.Features.Catalog;
using Microcred.Web.Features.Identity;
using Microcred.Web.Features.Learning;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Microcred.Web.Data;

/// The one model of the application. Each provider has its own subclass only so that each
/// migration set is attributed to its own context type; the model itself is defined here once.
internal abstract class AppDbContext(DbContextOptions options)
    : IdentityDbContext<UserAccount>(options), IDataProtectionKeyContext
{
    public DbSet<LearningProgram> Programs => Set<LearningProgram>();
    public DbSet<Module> Modules => Set<Module>();
    public DbSet<Lesson> Lessons => Set<Lesson>();
    public DbSet<Enrollment> Enrollments => Set<Enrollment>();
    public DbSet<LessonCompletion> LessonCompletions => Set<LessonCompletion>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order DateTimeOffset, so every timestamp is a UTC DateTime whose Kind is
        // restored on read; PostgreSQL stores the same values as timestamptz.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
