using System.CommandLine;
using Logbeam.Cli;
using Logbeam.Cli.Commands;

var options = new GlobalOptions();
var root = new RootCommand("logbeam: run Logbeam, manage products and devices, set log levels, query and tail device logs.");
options.AddTo(root);
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(LoginCommand.Create(options));
root.Subcommands.Add(ProductsCommand.Create(options));
root.Subcommands.Add(DevicesCommand.Create(options));
root.Subcommands.Add(LevelCommand.Create(options));
root.Subcommands.Add(LogsCommand.Create(options));
root.Subcommands.Add(SimulateCommand.Create());

var parse = root.Parse(args);
var exit = await parse.InvokeAsync().ConfigureAwait(false);
// System.CommandLine reports a malformed command line with 1; scripts tell it apart from a refusal by 2.
return parse.Errors.Count > 0 ? ExitCodes.Usage : exit;
