using Helr.Kernel.Cli;

// Blocking here instead of an async Main: the same wait, minus one async state machine that is
// JIT-compiled at every start (ReadyToRun cannot precompile the runtime's async builders for our types).
try
{
    return HelrCli.RunAsync(args).GetAwaiter().GetResult();
}
catch (Exception ex)
{
    return HelrCli.Crashed(ex);
}
