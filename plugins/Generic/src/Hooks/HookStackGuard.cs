using System.Runtime.CompilerServices;
using Jint;

namespace Helr.Plugins.Generic.Hooks;

/// <summary>
/// Stops a hook before it runs out of the process stack. Jint recurses on the .NET stack when it turns
/// a nested value into a string, calls <c>valueOf</c>/<c>toString</c> of one, follows a chain of proxies
/// or bound functions; none of that counts as a JavaScript call for the recursion limit, and a
/// <see cref="InsufficientExecutionStackException"/> is catchable where a stack overflow kills every
/// source. Checked before every statement (not amortized: a few nested levels of a deep value can use
/// the last of the stack between two checks); <see cref="HookDepthGuards"/> puts a statement on the
/// paths where Jint recurses natively without running one.
/// </summary>
internal sealed class HookStackGuard : Constraint
{
    public override bool IsAmortizable => false;

    public override void Check()
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw new InsufficientExecutionStackException();
    }

    public override void Reset()
    {
    }
}
