namespace Helr.Kernel.Output;

/// <summary>What the writer thread writes next.</summary>
internal enum NextWrite
{
    /// <summary>The lines in <see cref="MemoryQueue.Batch"/>.</summary>
    Memory,

    /// <summary>Lines from the disk buffer (disk_buffer: memory is empty, the disk is not).</summary>
    Disk,

    /// <summary>Nothing more: completing and drained, or output failed.</summary>
    Done,
}
