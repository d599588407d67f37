namespace WrongMajorPlugin;

/// <summary>Implements the SDK 2 entry point, which makes the assembly reference Helr.PluginSdk 2.0.0.</summary>
public sealed class WrongMajorPlugin : Helr.PluginSdk.IHelrPlugin
{
}
