using System.Reflection;
using System.Runtime.InteropServices;
using Cloud.Unum.USearch;

namespace FacePortal.Engine.Search;

/// <summary>
/// The two calls of USearch's C library that its C# binding (2.26) leaves out, on the binding's own index handle:
/// reserving the whole capacity up front (the binding's <c>Add</c> grows the index by one row at a time, a reallocation
/// per row: quadratic, 734 s for 100,000 rows here) and setting the search expansion of a loaded index (the binding
/// loads with the default, 64, not the expansion the index was built for).
/// </summary>
internal static partial class USearchNative
{
    private const string Library = "libusearch_c";

    private static readonly FieldInfo? Handle = typeof(USearchIndex).GetField("_index", BindingFlags.NonPublic | BindingFlags.Instance);

    /// <summary>Whether the binding's handle could be found (else the callers fall back to the binding's own calls).</summary>
    public static bool Available => Handle?.FieldType == typeof(IntPtr);

    public static void Reserve(USearchIndex index, int capacity, int threads)
    {
        var handle = HandleOf(index);
        usearch_reserve(handle, (nuint)capacity, out var error);
        ThrowIf(error);
        usearch_change_threads_add(handle, (nuint)threads, out error);
        ThrowIf(error);
    }

    public static void SetExpansionSearch(USearchIndex index, int expansion)
    {
        usearch_change_expansion_search(HandleOf(index), (nuint)expansion, out var error);
        ThrowIf(error);
    }

    private static IntPtr HandleOf(USearchIndex index) =>
        Handle?.GetValue(index) is IntPtr handle && handle != IntPtr.Zero ? handle : throw new InvalidOperationException("The USearch index has no native handle.");

    private static void ThrowIf(IntPtr error)
    {
        if (error != IntPtr.Zero)
        {
            throw new InvalidOperationException($"USearch: {Marshal.PtrToStringAnsi(error)}");
        }
    }

    [LibraryImport(Library)]
    private static partial void usearch_reserve(IntPtr index, nuint capacity, out IntPtr error);

    [LibraryImport(Library)]
    private static partial void usearch_change_threads_add(IntPtr index, nuint threads, out IntPtr error);

    [LibraryImport(Library)]
    private static partial void usearch_change_expansion_search(IntPtr index, nuint expansion, out IntPtr error);
}
