namespace Helr.Kernel.Output;

/// <summary>
/// Allocates the arrays of pages too large to keep for the next one (bodies, rendered lines). A large
/// page is handled alone, so when the next large array is asked for, the last page's arrays are
/// garbage; a collection first lets the new array take their place. Without it the collector's
/// large-object budget lets two or three pages' worth pile up before it runs. Its cost is small beside
/// the page: the heap is mostly these arrays.
/// </summary>
internal static class LargePage
{
    public static byte[] Allocate(int size)
    {
        GC.Collect();
        return GC.AllocateUninitializedArray<byte>(size);
    }
}
