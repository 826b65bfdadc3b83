using System.CommandLine;

var root = new RootCommand("microcred — Microcred command line: credentials, synthetic clinical data, labs and benchmarks.");
Microcred.Cli.Credentials.CredentialCommands.AddTo(root);
Microcred.Cli.Clinical.ClinicalCommands.AddClinicalCommands(root);
Microcred.Cli.Clinical.LabsCommand.AddLabCommands(root);
root.Add(Microcred.Cli.Clinical.BenchLabsCommand.Create());
return await Microcred.Cli.MicrocredCommandLine.InvokeAsync(root, args);
