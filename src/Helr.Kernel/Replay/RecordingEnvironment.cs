using Helr.Kernel.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Replay;

/// <summary>
/// The environment a <c>--record-dir</c> run reloads its config with: the secrets of the config read
/// then (a new source's key, a secret variable the new file names under a parameter that says nothing)
/// are cut from the recording too, as those of the config the run started with are.
/// </summary>
internal sealed class RecordingEnvironment(IHelrEnvironment real, SessionRecorder recorder) : IHelrEnvironment, IConfigTextReader
{
    public string? GetVariable(string name) => real.GetVariable(name);

    public string ReadFile(string path) => real.ReadFile(path);

    public bool CanRead(string path) => real.CanRead(path);

    // Learnt before the file is known to be valid: a rejected file's secrets cut as well costs nothing.
    public void Read(string text) => recorder.AddSecrets(ConfiguredSecrets.Of(text, real));
}
