using System.Runtime.CompilerServices;

// The JSON scanner is an implementation detail of the SDK, not a contract: plugins get events through
// IEventExtractor and EventBatch. The kernel alone feeds JsonEventExtractor's incremental scan as a
// body arrives (so scanning overlaps the network), and the tests reach the scanner's internals. Keeping
// it internal lets it change in any release; a public incremental contract can be added later if a
// plugin ever needs one, which is a compatible change, unlike removing one.
[assembly: InternalsVisibleTo("helr")] // the kernel (Helr.Kernel.csproj names its assembly helr)
[assembly: InternalsVisibleTo("Helr.Kernel.Tests")]
[assembly: InternalsVisibleTo("Helr.PluginSdk.Tests")]
