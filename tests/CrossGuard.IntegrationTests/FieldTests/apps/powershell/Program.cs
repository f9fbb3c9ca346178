// Hosts PowerShell (System.Management.Automation, libpsl-native on Unix).
using var shell = System.Management.Automation.PowerShell.Create();
Console.WriteLine(shell.AddScript("$PSVersionTable.PSVersion").Invoke().FirstOrDefault());
