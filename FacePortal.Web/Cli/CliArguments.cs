namespace FacePortal.Web.Cli;

/// <summary>A verb's arguments: flags (--x), options with a value (--x v) and positional values.</summary>
public sealed class CliArguments
{
    private readonly HashSet<string> _flags = [];
    private readonly Dictionary<string, string> _values = [];

    private CliArguments(List<string> positional) => Positional = positional;

    public IReadOnlyList<string> Positional { get; }

    public static CliArguments Parse(IEnumerable<string> args, IReadOnlySet<string> flags, IReadOnlySet<string> options)
    {
        var positional = new List<string>();
        var result = new CliArguments(positional);
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var a = e.Current;
            if (flags.Contains(a))
            {
                result._flags.Add(a);
            }
            else if (options.Contains(a))
            {
                if (!e.MoveNext())
                {
                    throw new CliUsageException($"{a} needs a value.");
                }
                result._values[a] = e.Current;
            }
            else if (a.StartsWith("--", StringComparison.Ordinal))
            {
                throw new CliUsageException($"Unknown option {a}.");
            }
            else
            {
                positional.Add(a);
            }
        }
        return result;
    }

    public bool Has(string flag) => _flags.Contains(flag);

    public string? Value(string option) => _values.GetValueOrDefault(option);

    public string Required(string option) => Value(option) ?? throw new CliUsageException($"{option} is required.");
}
