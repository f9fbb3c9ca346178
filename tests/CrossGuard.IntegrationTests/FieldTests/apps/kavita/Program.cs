// Touches libvips (NetVips), SQLite (EF Core) and System.Drawing.Common as the server does for covers and its database.
Console.WriteLine($"{NetVips.ModuleInitializer.VipsInitialized} {typeof(Microsoft.EntityFrameworkCore.SqliteDbContextOptionsBuilderExtensions).Name} {typeof(System.Drawing.Bitmap).Name}");
