// Drives POST /api/embed with large images from many clients at once and samples the portal's resident memory
// (VmRSS of --pid) meanwhile: before, peak during, and after an idle wait. Prints one "MEMLOAD ..." line.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Processing;

var options = Arguments.Parse(args);
var image = MakeLargeJpeg(options.Source, options.Width, options.Height);
Console.Error.WriteLine($"probe: {options.Width}x{options.Height} JPEG, {image.Length:N0} bytes, {options.Clients} clients x {options.PerClient} requests");

using var http = new HttpClient { BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromMinutes(5) };
http.DefaultRequestHeaders.Add("X-Api-Key", options.Key);

// One small request warms the engine; the figure "before" is taken after it.
await PostAsync(http, File.ReadAllBytes(options.Source));
await Task.Delay(2000);
var before = Rss(options.Pid);

var peak = before;
using var stop = new CancellationTokenSource();
var sampler = Task.Run(async () =>
{
    while (!stop.IsCancellationRequested)
    {
        peak = Math.Max(peak, Rss(options.Pid));
        await Task.Delay(100);
    }
});

var results = new System.Collections.Concurrent.ConcurrentBag<(int Status, double Ms)>();
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(_ => Task.Run(async () =>
{
    for (var i = 0; i < options.PerClient; i++)
    {
        var start = Stopwatch.GetTimestamp();
        var status = await PostAsync(http, image);
        results.Add((status, Stopwatch.GetElapsedTime(start).TotalMilliseconds));
    }
})));
var wall = clock.Elapsed.TotalSeconds;
await Task.Delay(options.IdleSeconds * 1000);
stop.Cancel();
await sampler;
var after = Rss(options.Pid);

var ok = results.Where(r => r.Status == 200).Select(r => r.Ms).Order().ToArray();
var busy = results.Where(r => r.Status == 503).Select(r => r.Ms).Order().ToArray();
var other = results.Count(r => r.Status is not 200 and not 503);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"MEMLOAD label={options.Label} requests={results.Count} ok={ok.Length} busy503={busy.Length} other={other} wall_s={wall:F1} "
    + $"rss_before_mib={before / 1048576.0:F0} rss_peak_mib={peak / 1048576.0:F0} rss_after_{options.IdleSeconds}s_mib={after / 1048576.0:F0} "
    + $"ok_p50_ms={Percentile(ok, 0.5):F0} ok_p95_ms={Percentile(ok, 0.95):F0} busy_p50_ms={Percentile(busy, 0.5):F0}"));
return other == 0 ? 0 : 1;

static async Task<int> PostAsync(HttpClient http, byte[] image)
{
    using var form = new MultipartFormDataContent();
    var part = new ByteArrayContent(image);
    part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
    form.Add(part, "image", "probe.jpg");
    try
    {
        using var response = await http.PostAsync("/api/embed", form);
        return (int)response.StatusCode;
    }
    catch (HttpRequestException)
    {
        return -1;
    }
}

static byte[] MakeLargeJpeg(string source, int width, int height)
{
    using var image = Image.Load(source);
    image.Mutate(x => x.Resize(width, height));
    using var buffer = new MemoryStream();
    image.Save(buffer, new JpegEncoder { Quality = 90 });
    return buffer.ToArray();
}

static long Rss(int pid)
{
    foreach (var line in File.ReadLines($"/proc/{pid}/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
        {
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
    }
    return 0;
}

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

internal sealed record Arguments(string Url, string Key, int Pid, string Source, int Width, int Height, int Clients, int PerClient, int IdleSeconds, string Label)
{
    public static Arguments Parse(string[] args)
    {
        var map = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            map[args[i].TrimStart('-')] = args[i + 1];
        }
        string Get(string key, string? fallback = null) => map.TryGetValue(key, out var v) ? v : fallback ?? throw new ArgumentException($"--{key} is required");
        int Int(string key, int fallback) => map.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new Arguments(Get("url"), Get("key"), Int("pid", 0), Get("source"), Int("width", 7200), Int("height", 5000),
            Int("clients", 24), Int("per-client", 2), Int("idle", 20), Get("label", "run"));
    }
}
