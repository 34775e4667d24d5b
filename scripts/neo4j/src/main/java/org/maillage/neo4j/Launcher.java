package org.maillage.neo4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;

/**
 * Runs a Neo4j Community DBMS with its Bolt connector, configured by a neo4j.conf, until SIGTERM.
 *
 * <p>Usage: {@code java -cp ... org.maillage.neo4j.Launcher HOME CONF READY_FILE}. The password of the
 * {@code neo4j} user is read from the environment variable {@code MAILLAGE_NEO4J_PASSWORD} and set on
 * every start (so a changed password takes effect without wiping the data). Once the default database
 * answers {@code RETURN 1}, the launcher writes READY_FILE; the shell script waits for it.
 */
public final class Launcher {
    private Launcher() {}

    /** The embedded API runs as a trusted caller: it may set the password Bolt clients will need. */
    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        } catch (QueryExecutionException refused) {
            // A restart with the same password: Neo4j refuses to "change" it, and nothing needs to.
            if (!String.valueOf(refused.getMessage()).contains("cannot be the same")) {
                throw refused;
            }
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: Launcher HOME CONF READY_FILE");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Path conf = Path.of(args[1]).toAbsolutePath();
        Path ready = Path.of(args[2]).toAbsolutePath();
        String password = System.getenv("MAILLAGE_NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("MAILLAGE_NEO4J_PASSWORD must hold at least 8 characters");
            System.exit(2);
        }
        Files.deleteIfExists(ready);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .loadPropertiesFromFile(conf)
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Neo4j: stopping");
            dbms.shutdown();
            stopped.countDown();
        }, "maillage-neo4j-shutdown"));

        try {
            setPassword(dbms.database("system"), password);
            GraphDatabaseService db = dbms.database("neo4j");
            long one = db.executeTransactionally("RETURN 1 AS one", Map.of(),
                    result -> (Long) result.next().get("one"));
            if (one != 1L) {
                throw new IllegalStateException("RETURN 1 answered " + one);
            }
        } catch (RuntimeException failure) {
            // The DBMS's own threads would keep the JVM alive: a failed start must end the process.
            failure.printStackTrace();
            System.exit(1);
        }
        Files.writeString(ready, ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8);
        System.out.println("Neo4j: ready");
        stopped.await();
    }
}
