namespace Helr.Kernel.Config;

internal enum DropPolicy { OldestFirst, NewestFirst, Random }
