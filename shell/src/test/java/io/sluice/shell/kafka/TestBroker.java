package io.sluice.shell.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * The single-node KRaft Kafka broker shared by every integration test of the JVM: started on
 * first use on free 127.0.0.1 ports with its logs in a temporary folder, stopped at JVM exit.
 */
final class TestBroker {
  private static TestBroker instance;

  private final String bootstrapServers;

  private TestBroker(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /** The running broker, started by the first caller. */
  static synchronized TestBroker get() {
    if (instance == null) {
      instance = start();
    }
    return instance;
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  /** Creates a topic with {@code partitions} partitions. */
  void createTopic(String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
  }

  private static TestBroker start() {
    try {
      Path dir = Files.createTempDirectory("sluice-kafka");
      int brokerPort = freePort();
      int controllerPort = freePort();
      Properties properties = new Properties();
      properties.put("process.roles", "broker,controller");
      properties.put("node.id", "1");
      properties.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
      properties.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
      properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
      properties.put("controller.listener.names", "CONTROLLER");
      properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      properties.put("inter.broker.listener.name", "PLAINTEXT");
      properties.put("log.dirs", dir.resolve("logs").toString());
      properties.put("offsets.topic.replication.factor", "1");
      properties.put("transaction.state.log.replication.factor", "1");
      properties.put("transaction.state.log.min.isr", "1");
      properties.put("group.initial.rebalance.delay.ms", "0");
      properties.put("num.partitions", "1");
      Path configFile = dir.resolve("server.properties");
      try (Writer writer = Files.newBufferedWriter(configFile)) {
        properties.store(writer, "sluice test broker");
      }
      ByteArrayOutputStream formatOutput = new ByteArrayOutputStream();
      int code = StorageTool$.MODULE$.execute(new String[] {
          "format", "-t", Uuid.randomUuid().toString(), "-c", configFile.toString()}, new PrintStream(formatOutput));
      if (code != 0) {
        throw new IllegalStateException("kafka storage format failed: " + formatOutput);
      }
      KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
      server.startup();
      Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
      return new TestBroker("127.0.0.1:" + brokerPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
