using System.Diagnostics;

namespace FacePortal.Engine.Runtime;

/// <summary>The name of the NVIDIA GPU in use, for the dashboard (ONNX Runtime does not report it).</summary>
public static class GpuInfo
{
    /// <summary>The first GPU's name from nvidia-smi, or null when there is none or it does not answer within 2 s.</summary>
    public static string? TryGetName()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("nvidia-smi", ["--query-gpu=name", "--format=csv,noheader"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null || !process.WaitForExit(2000) || process.ExitCode != 0)
            {
                return null;
            }
            var name = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            return string.IsNullOrEmpty(name) ? null : name;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no nvidia-smi: no NVIDIA driver here
        }
    }
}
