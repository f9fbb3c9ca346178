using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CrossGuard.Core.Binaries;
using CrossGuard.Core.Tests.Infrastructure;

// CrossGuard inspector vs binutils, over every native file of the test corpus, in one run:
//   time:  CrossGuard = median in-process NativeBinaryInspector.Inspect(path) (what the MSBuild task pays per file);
//          tools      = median wall time of `readelf -h -d -V -W f` + `objdump -p f` (process start included).
//   bytes: CrossGuard = NativeBinaryInfo.BytesRead (unbuffered FileStream: what was asked of the OS);
//          tools      = rchar of both processes minus the rchar of `--version` runs (loader and locale reads).
int repeats = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var files = RealBinaries.All;
string rchar = Path.Combine(AppContext.BaseDirectory, "rchar.py");

foreach (var (path, _) in files)
{
    NativeBinaryInspector.Inspect(path); // warm-up: JIT and page cache
}

long baseline = Rchar([["readelf", "--version"], ["objdump", "--version"]]).Sum();
long[] toolBytes = Rchar(files.SelectMany(f => new[] { new[] { "readelf", "-h", "-d", "-V", "-W", f.Path }, new[] { "objdump", "-p", f.Path } }).ToArray());

Console.WriteLine("| file | kind | size | CrossGuard µs | tools µs | time ratio (tools/CG) | CrossGuard bytes | tools bytes | bytes ratio (tools/CG) |");
Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
var timeRatios = new List<double>();
var byteRatios = new List<double>();
double cgTotal = 0, toolTotal = 0;
long cgBytesTotal = 0, toolBytesTotal = 0;
for (int i = 0; i < files.Count; i++)
{
    string path = files[i].Path;
    var cg = new List<double>();
    NativeBinaryInfo info = null!;
    for (int r = 0; r < repeats; r++)
    {
        long t0 = Stopwatch.GetTimestamp();
        info = NativeBinaryInspector.Inspect(path);
        cg.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
    }

    var tools = new List<double>();
    for (int r = 0; r < repeats; r++)
    {
        long t0 = Stopwatch.GetTimestamp();
        Run("readelf", "-h", "-d", "-V", "-W", path);
        Run("objdump", "-p", path);
        tools.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
    }

    double cgMedian = Median(cg), toolMedian = Median(tools);
    long net = Math.Max(0, toolBytes[2 * i] + toolBytes[(2 * i) + 1] - baseline);
    timeRatios.Add(toolMedian / cgMedian);
    byteRatios.Add(info.BytesRead == 0 ? double.NaN : (double)net / info.BytesRead);
    cgTotal += cgMedian;
    toolTotal += toolMedian;
    cgBytesTotal += info.BytesRead;
    toolBytesTotal += net;
    Console.WriteLine(FormattableString.Invariant(
        $"| {RealBinaries.Relative(path)} | {info.FormatName} | {info.FileSize} | {cgMedian:F0} | {toolMedian:F0} | {toolMedian / cgMedian:F0}x | {info.BytesRead} | {net} | {(double)net / info.BytesRead:F1}x |"));
}

Console.WriteLine();
Console.WriteLine(FormattableString.Invariant($"files: {files.Count}; repeats: {repeats}; tool rchar baseline (--version runs): {baseline} bytes"));
Console.WriteLine(FormattableString.Invariant($"total time: CrossGuard {cgTotal / 1000:F1} ms, tools {toolTotal / 1000:F1} ms, ratio {toolTotal / cgTotal:F0}x; median per-file ratio {Median(timeRatios):F0}x"));
Console.WriteLine(FormattableString.Invariant($"total bytes: CrossGuard {cgBytesTotal}, tools {toolBytesTotal}, ratio {(double)toolBytesTotal / cgBytesTotal:F1}x; median per-file ratio {Median(byteRatios.Where(r => !double.IsNaN(r)).ToList()):F1}x"));
return 0;

static double Median(List<double> values)
{
    values.Sort();
    return values.Count == 0 ? double.NaN : values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
}

static void Run(string tool, params string[] args)
{
    var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (string a in args)
    {
        psi.ArgumentList.Add(a);
    }

    psi.Environment["LC_ALL"] = "C";
    using Process p = Process.Start(psi)!;
    Task<string> o = p.StandardOutput.ReadToEndAsync();
    Task<string> e = p.StandardError.ReadToEndAsync();
    p.WaitForExit();
    _ = o.Result + e.Result;
}

long[] Rchar(string[][] commands)
{
    var psi = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
    psi.ArgumentList.Add(rchar);
    using Process p = Process.Start(psi)!;
    p.StandardInput.Write(JsonSerializer.Serialize(commands));
    p.StandardInput.Close();
    string output = p.StandardOutput.ReadToEnd();
    p.WaitForExit();
    return JsonSerializer.Deserialize<long[]>(output)!;
}
