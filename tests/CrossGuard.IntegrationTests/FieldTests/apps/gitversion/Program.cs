// Touches LibGit2Sharp (libgit2 through its NativeBinaries package).
Console.WriteLine(LibGit2Sharp.Repository.IsValid(Environment.CurrentDirectory));
