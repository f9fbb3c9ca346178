// As the example: a factory over a model file (loads whisper through Whisper.net's own native loader).
Console.WriteLine(typeof(Whisper.net.WhisperFactory).Assembly.GetName().Version);
