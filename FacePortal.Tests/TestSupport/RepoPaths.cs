namespace FacePortal.Tests.TestSupport;

/// <summary>The repository root (the folder holding FacePortal.sln) and the shared data beside it.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FacePortal.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No FacePortal.sln above {AppContext.BaseDirectory}.");
    }
}
