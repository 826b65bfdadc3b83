using Microcred.Web.Data;
using Microcred.Web.Features.Catalog;
using Microcred.Web.Features.Catalog.Content;
using Microcred.Web.Features.Identity;
using Microcred.Web.Features.Learning;
using Microcred.Web.Platform;
using Microcred.Web.Platform.Secrets;
using Microsoft.Extensions.Options;

// Settings and static files live beside the app, while data/ belongs to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddPlatform();
builder.AddData();
builder.AddAccounts();
builder.AddCatalog();
builder.AddLearning();

var app = builder.Build();
try
{
    // Every setting is checked before the database is touched.
    app.Services.GetRequiredService<IStartupValidator>().Validate();
    await app.MigrateDatabaseAsync();
    if (CreateAdminCommand.IsRequested(args))
    {
        return await CreateAdminCommand.RunAsync(app.Services, args, Console.In, Console.Out, Console.Error, Console.IsInputRedirected);
    }
    // Stored keys checked against the key-encryption key, then the catalog and demo accounts.
    await app.RunStartupTasksAsync();
}
catch (Exception ex) when (ex is OptionsValidationException or ContentValidationException or KeyEncryptionException
    || (ex is AggregateException all && all.InnerExceptions.All(e => e is OptionsValidationException)))
{
    // A setting, a content file or the key-encryption key is wrong: say which, without a stack
    // trace, and stop. Disposing flushes the log before the process ends.
    var reasons = ex is AggregateException several ? several.InnerExceptions.Select(e => e.Message) : [ex.Message];
    foreach (var reason in reasons)
    {
        app.Logger.LogCritical("Microcred cannot start: {Reason}", reason);
    }
    await app.DisposeAsync();
    return 1;
}

app.UsePlatform();
app.MapPlatform();
app.MapAccounts();
app.MapCatalog();
app.MapLearning();

await app.RunAsync();
return 0;
