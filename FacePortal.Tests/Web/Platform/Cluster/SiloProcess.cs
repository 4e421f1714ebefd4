using System.Diagnostics;
using System.Globalization;
using FacePortal.Tests.TestSupport;

namespace FacePortal.Tests.Web.Platform.Cluster;

/// <summary>
/// A real silo process: the portal's silo verb (`FacePortal.Web.dll silo`, the build next to these tests) on loopback
/// ports over a test database's data folder; up when it prints "silo up". Killed (SIGKILL) on dispose if still running.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private SiloProcess(Process process, int port, int gateway)
    {
        Process = process;
        Port = port;
        Gateway = gateway;
    }

    public Process Process { get; }

    public int Port { get; }

    public int Gateway { get; }

    /// <summary>The portal's build of the same configuration as these tests (Release in CI).</summary>
    public static string WebDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
            return Path.Combine(RepoPaths.Root, "FacePortal.Web", "bin", configuration, "net10.0", "linux-x64", "FacePortal.Web.dll");
        }
    }

    /// <summary>Starts `silo --port P --gateway G --primary PRIMARY --data FOLDER` with extra FACEPORTAL_ settings and waits until it is up.</summary>
    public static async Task<SiloProcess> StartAsync(string dataFolder, int port, int gateway, int primary, IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        if (!File.Exists(WebDll))
        {
            throw new FileNotFoundException($"The portal is not built at {WebDll}: build FacePortal.sln first.", WebDll);
        }
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { WebDll, "silo", "--port", Text(port), "--gateway", Text(gateway), "--primary", Text(primary), "--data", dataFolder },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info)!;
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            output.Enqueue(e.Data);
            if (e.Data.StartsWith("silo up", StringComparison.Ordinal))
            {
                up.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Enqueue(e.Data);
            }
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => up.TrySetException(new InvalidOperationException($"the silo on port {port} exited before it was up:\n{string.Join('\n', output.TakeLast(30))}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var silo = new SiloProcess(process, port, gateway);
        try
        {
            await up.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(90));
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
        return silo;
    }

    /// <summary>Resident memory in MB, or "gone" once it exited.</summary>
    public string RssMegabytes()
    {
        try
        {
            var line = File.ReadLines($"/proc/{Process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return (long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            return "gone";
        }
    }

    /// <summary>SIGKILL: no goodbye to the cluster, as a crashed node.</summary>
    public void Kill() => Process.Kill();

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill();
            await Process.WaitForExitAsync();
        }
        Process.Dispose();
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
