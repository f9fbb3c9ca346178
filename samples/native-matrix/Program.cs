using Microsoft.Data.Sqlite;

using var connection = new SqliteConnection("Data Source=:memory:");
connection.Open();
using SqliteCommand command = connection.CreateCommand();
command.CommandText = "select sqlite_version()";
Console.WriteLine($"SQLite {command.ExecuteScalar()}, zstd {ZstdNet.DictBuilder.DefaultDictCapacity}");
