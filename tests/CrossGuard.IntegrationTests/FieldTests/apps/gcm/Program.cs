// Touches MSAL (token cache through Extensions.Msal), Avalonia and its Skia/HarfBuzz natives.
var app = Microsoft.Identity.Client.PublicClientApplicationBuilder.Create("00000000-0000-0000-0000-000000000000").Build();
var cacheProperties = new Microsoft.Identity.Client.Extensions.Msal.StorageCreationPropertiesBuilder("cache.bin", Path.GetTempPath()).Build();
Console.WriteLine($"{app.Authority} {cacheProperties.CacheFilePath} {typeof(Avalonia.Application).Name} {SkiaSharp.SKColors.Red} {HarfBuzzSharp.Blob.Empty.Length}");
