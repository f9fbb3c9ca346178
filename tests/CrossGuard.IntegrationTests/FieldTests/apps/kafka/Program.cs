// A consumer as in the example: builds a librdkafka consumer handle.
using var consumer = new Confluent.Kafka.ConsumerBuilder<Confluent.Kafka.Ignore, string>(
    new Confluent.Kafka.ConsumerConfig { BootstrapServers = "127.0.0.1:9092", GroupId = "field" }).Build();
Console.WriteLine(Confluent.Kafka.Library.VersionString);
