namespace Helr.Kernel.Output;

/// <summary>
/// Where a source hands its rendered pages. The output owns each page's buffer from then on (it
/// returns it to the pool once no line of it is read any more) and answers with one acknowledgement
/// per page, which the source awaits before it checkpoints the page.
/// </summary>
internal interface IPageOutput
{
    /// <summary>
    /// Admits the page (waiting for room under <c>block</c>, for the disk under <c>disk_buffer</c>);
    /// the receipt's acknowledgement completes once the page may be checkpointed.
    /// </summary>
    Task<PageReceipt> SubmitAsync(string source, PageLines page, CancellationToken ct);
}
