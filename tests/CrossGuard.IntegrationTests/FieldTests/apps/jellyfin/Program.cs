// Touches each native-carrying package the way the app does (drawing, text shaping, SQLite).
using var bitmap = new SkiaSharp.SKBitmap(8, 8);
using var blob = HarfBuzzSharp.Blob.Empty;
using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
connection.Open();
Console.WriteLine($"{bitmap.Width} {blob.Length} {connection.ServerVersion}");
