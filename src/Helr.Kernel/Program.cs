using Helr.Kernel.Cli;

return await HelrCli.RunAsync(args);
