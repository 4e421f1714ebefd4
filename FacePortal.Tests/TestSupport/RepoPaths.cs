namespace FacePortal.Tests.TestSupport;

/// <summary>The repository root (the folder holding FacePortal.sln) and the shared data folder beside it.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

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

        throw new InvalidOperationException($"FacePortal.sln not found above {AppContext.BaseDirectory}");
    }
}
