namespace Helr.PluginSdk
{
    /// <summary>The SDK 2 entry point, reduced to its name: only the assembly reference matters to the test.</summary>
    public interface IHelrPlugin
    {
    }
}
