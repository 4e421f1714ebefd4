namespace FacePortal.Web.Cli;

/// <summary>A one-line progress bar on stderr (redrawn in place on a terminal, a line every 10% otherwise).</summary>
public sealed class ProgressBar(TextWriter writer, string label)
{
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private int _lastDecile = -1;

    public void Report(int done, int total, double perSecond, string extra = "")
    {
        var fraction = total > 0 ? (double)done / total : 1;
        var eta = perSecond > 0 ? TimeSpan.FromSeconds((total - done) / perSecond) : TimeSpan.Zero;
        const int width = 30;
        var filled = (int)Math.Round(fraction * width);
        var line = $"{label} [{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} {perSecond:F1}/s ETA {eta:mm\\:ss} {extra}";
        if (_interactive)
        {
            writer.Write("\r" + line.PadRight(100));
            if (done >= total)
            {
                writer.WriteLine();
            }
        }
        else
        {
            var decile = (int)(fraction * 10);
            if (decile != _lastDecile)
            {
                _lastDecile = decile;
                writer.WriteLine(line);
            }
        }
    }
}
