using FacePortal.Engine;
using FacePortal.Engine.Imaging;
using FacePortal.Engine.Models;
using FacePortal.Engine.Pipeline;
using FacePortal.Web.Platform.EngineHost;
using Microsoft.Extensions.Options;

namespace FacePortal.Web.Cli;

/// <summary>
/// The command-line verbs of the portal's program (embed, verify, evaluate, bench, check-model): same configuration and engine,
/// no web host. Results go to stdout, progress and errors to stderr; a failure exits non-zero.
/// </summary>
public static class CommandLine
{
    private static readonly HashSet<string> Verbs = ["embed", "verify", "evaluate", "bench", "check-model", "silo"];

    public static bool IsVerb(string[] args) => args.Length > 0 && (Verbs.Contains(args[0]) || args[0] is "--help" or "help");

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr) =>
        RunAsync(args, EngineConfiguration.Build(args), stdout, stderr);

    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter stdout, TextWriter stderr)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            if (args[0] is "--help" or "help")
            {
                await stdout.WriteLineAsync(Usage);
                return 0;
            }
            // Bound and validated exactly as the portal's own settings.
            using var settings = new ServiceCollection().AddSingleton(configuration).AddEngineOptions().BuildServiceProvider();
            var portal = settings.GetRequiredService<IOptions<PortalOptions>>().Value;
            var options = settings.GetRequiredService<IOptions<FaceEngineOptions>>().Value;
            var rest = args.Skip(1).ToArray();
            return args[0] switch
            {
                "embed" => await EmbedCommand.RunAsync(rest, options, stdout, stderr, cancel.Token),
                "verify" => await VerifyCommand.RunAsync(rest, options, stdout, stderr, cancel.Token),
                "evaluate" => await EvaluateCommand.RunAsync(rest, options, portal, stdout, stderr, cancel.Token),
                "bench" => await BenchCommand.RunAsync(rest, options, stdout, stderr, cancel.Token),
                "check-model" => await CheckModelCommand.RunAsync(rest, options, stdout, stderr, cancel.Token),
                "silo" => await SiloCommand.RunAsync(rest, configuration, stdout, cancel.Token),
                _ => throw new CliUsageException($"Unknown verb '{args[0]}'."),
            };
        }
        catch (CliUsageException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}\n\n{Usage}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("cancelled");
            return 130;
        }
        catch (Exception e) when (e is ModelUnavailableException or ImageDecodeException or IOException or ArgumentException or FormatException or UnauthorizedAccessException or OptionsValidationException)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>Pipeline flags shared by the verbs.</summary>
    public static readonly IReadOnlySet<string> PipelineOptionNames = new HashSet<string> { "--alignment", "--model", "--detector-size", "--batch" };

    public static readonly IReadOnlySet<string> PipelineFlagNames = new HashSet<string> { "--flip", "--no-flip" };

    public static FaceEngineOptions ApplyPipelineArguments(FaceEngineOptions options, CliArguments a)
    {
        var p = options.Pipeline;
        if (a.Value("--alignment") is { } alignment)
        {
            p = p with
            {
                Alignment = alignment.ToLowerInvariant() switch
                {
                    "dlib" or "dlibchip" or "chip" => AlignmentMethod.DlibChip,
                    "faceapi" or "face-api" => AlignmentMethod.FaceApi,
                    _ => throw new CliUsageException($"--alignment must be dlib or faceapi (got '{alignment}')."),
                },
            };
        }
        if (a.Value("--model") is { } model)
        {
            p = p with { RecognitionModel = model };
        }
        if (a.Value("--detector-size") is { } size)
        {
            p = p with { DetectorInputSize = ParseInt("--detector-size", size) };
        }
        if (a.Value("--batch") is { } batch)
        {
            p = p with { BatchSize = ParseInt("--batch", batch) };
        }
        if (a.Has("--flip"))
        {
            p = p with { FlipAugmentation = true };
        }
        if (a.Has("--no-flip"))
        {
            p = p with { FlipAugmentation = false };
        }
        var result = options with { Pipeline = p };
        result.Validate();
        return result;
    }

    public static int ParseInt(string option, string value) =>
        int.TryParse(value, out var n) ? n : throw new CliUsageException($"{option} needs a whole number (got '{value}').");

    /// <summary>Loads the engine, with first-run progress on stderr.</summary>
    public static Task<FaceEngine> LoadEngineAsync(FaceEngineOptions options, TextWriter stderr, CancellationToken cancellationToken)
    {
        var loggers = LoggerFactory.Create(b => b
            .SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(c => c.SingleLine = true)
            .AddFilter("Microsoft", LogLevel.Warning));
        var progress = new Progress<ModelProgress>(p =>
        {
            if (p.Step is "download" or "convert")
            {
                stderr.WriteLine($"{p.Step}: {p.Detail}");
            }
        });
        return FaceEngine.CreateAsync(options, loggers, progress, cancellationToken);
    }

    /// <summary>Image files named on the command line: files as given, folders searched recursively.</summary>
    public static List<string> ExpandImages(IEnumerable<string> paths)
    {
        var extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".pbm", ".pgm", ".ppm" };
        var files = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
            {
                files.AddRange(Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories)
                    .Where(f => extensions.Contains(Path.GetExtension(f)))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(p))
            {
                files.Add(p);
            }
            else
            {
                throw new CliUsageException($"No such file or folder: {p}");
            }
        }
        return files;
    }

    public const string Usage = """
        usage: dotnet run --project FacePortal.Web -c Release -- <verb> [options]

          embed [--aligned] [--json] <file|folder>...   faces, landmarks and descriptors of images
          verify [--json] <a> <b>                       same person? (primary face of each image)
          evaluate --images <root> --pairs <file> [--aligned] [--json] [--no-cache]
                                                        LFW pairs.txt or CSV pairs (pathA,pathB,label)
          bench [--json] [--runs N]                     throughput of each network and the pipeline
          check-model --path <model.onnx> [--lfw DIR | --images ROOT --pairs FILE] [--sample N] [--seed N]
                      [--target-far F] [--name NAME] [--json]
                                                        which preprocessing works for a new model (LFW's first fold)
          silo [--port N] [--gateway N] [--primary N] [--data DIR]
                                                        a search-cluster silo (FacePortal:Cluster settings)

        pipeline options (all verbs): --alignment dlib|faceapi  --flip|--no-flip  --model NAME
                                      --detector-size N  --batch N
        Without a verb the program runs the portal.
        """;
}
