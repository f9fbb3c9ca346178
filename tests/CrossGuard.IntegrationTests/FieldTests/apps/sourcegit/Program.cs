// Touches Avalonia and the Skia/HarfBuzz natives Avalonia.Skia brings.
Console.WriteLine($"{typeof(Avalonia.Application).Name} {SkiaSharp.SKColors.Red} {HarfBuzzSharp.Blob.Empty.Length}");
