package ikg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Starts a real Neo4j Community DBMS (the harness embeds the same kernel and Bolt server as the
 * packaged product) with Bolt on 127.0.0.1:PORT and its data under DIR, prints "READY bolt://..."
 * and runs until stdin closes or the process is terminated.
 *
 * Usage: java -cp 'target/ikg-neo4j.jar:lib/*' ikg.Neo4jLauncher PORT DIR
 */
public final class Neo4jLauncher {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Path dir = Path.of(args[1]);
    Files.createDirectories(dir);
    Neo4j neo4j =
        Neo4jBuilders.newInProcessBuilder(dir)
            .withConfig(BoltConnector.enabled, true)
            .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
            .withConfig(HttpConnector.enabled, false)
            .withConfig(GraphDatabaseSettings.auth_enabled, false)
            .withDisabledServer()
            .build();
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  neo4j.close();
                  done.countDown();
                }));
    System.out.println("READY " + neo4j.boltURI());
    System.out.flush();
    // stop when the parent closes our stdin
    Thread watcher =
        new Thread(
            () -> {
              try {
                while (System.in.read() != -1) {}
              } catch (Exception e) {
                // ignore
              }
              System.exit(0);
            });
    watcher.setDaemon(true);
    watcher.start();
    done.await();
  }
}
