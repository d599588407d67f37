namespace Helr.Kernel.Config;

/// <summary>
/// An environment that must see the config's text before its variables are expanded (a replay's, which
/// learns from the <c>*_env</c> keys which variables may stand in). Handed the text the loader read, so
/// a config given through a pipe (<c>-c /dev/stdin</c>), which can be read only once, is not read twice.
/// </summary>
internal interface IConfigTextReader
{
    void Read(string text);
}
