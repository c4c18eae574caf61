using Callaro.Check;

return CheckCommand.Execute(args, Console.Out, Console.Error);
