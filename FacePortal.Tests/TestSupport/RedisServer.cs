using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FacePortal.Tests.TestSupport;

/// <summary>
/// A throwaway redis-server (Debian's package) on a free loopback port: no persistence (<c>--save ''</c>), its own temp
/// folder, killed and removed on dispose. For tests of Redis cluster membership.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/redis-server";

    private readonly Process _process;
    private readonly string _folder;

    private RedisServer(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    /// <summary>Why Redis tests cannot run here (the package is absent), or null.</summary>
    public static string? Missing => File.Exists(Binary) ? null : $"{Binary} is absent (apt-get install redis-server)";

    public int Port { get; }

    /// <summary>A StackExchange.Redis connection string for it.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var folder = Directory.CreateTempSubdirectory("faceportal-redis-").FullName;
        var port = LoopbackPorts.Free();
        var info = new ProcessStartInfo(Binary)
        {
            ArgumentList = { "--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", folder },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, folder, port);
        // Ready when it accepts a connection and answers PING.
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"redis-server exited at once (code {process.ExitCode}) on port {port}");
            }
            if (await PingAsync(port, cancellationToken))
            {
                return server;
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(20))
            {
                await server.DisposeAsync();
                throw new TimeoutException($"redis-server did not answer on port {port} within 20 s");
            }
            await Task.Delay(50, cancellationToken);
        }
    }

    private static async Task<bool> PingAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, cancellationToken);
            return read >= 5 && System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
