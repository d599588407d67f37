namespace Helr.Kernel.Config;

internal enum BackpressureStrategy { Block, DiskBuffer, Drop }
