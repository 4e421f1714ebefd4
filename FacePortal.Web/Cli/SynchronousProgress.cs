namespace FacePortal.Web.Cli;

/// <summary>IProgress that reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, out of order) and keeps the last value.</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public T Last { get; private set; } = default!;

    public void Report(T value)
    {
        Last = value;
        report(value);
    }
}
