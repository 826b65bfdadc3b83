using Microcred.Web.Data;
using Microcred.Web.Features.Catalog;
using Microcred.Web.Features.Catalog.Content;
using Microcred.Web.Features.Identity;
using Microcred.Web.Features.Learning;
using Microcred.Web.Platform;
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
    await app.MigrateDatabaseAsync();
    if (CreateAdminCommand.IsRequested(args))
    {
        return await CreateAdminCommand.RunAsync(app.Services, args, Console.In, Console.Out, Console.Error, Console.IsInputRedirected);
    }
    // The catalog and demo accounts, one node at a time.
    await app.RunStartupTasksAsync();
}
catch (Exception ex) when (ex is OptionsValidationException or ContentValidationException)
{
    // A setting or a content file is wrong: say which, without a stack trace, and stop.
    app.Logger.LogCritical("Microcred cannot start: {Reason}", ex.Message);
    return 1;
}

app.UsePlatform();
app.MapPlatform();
app.MapAccounts();
app.MapCatalog();
app.MapLearning();

await app.RunAsync();
return 0;
