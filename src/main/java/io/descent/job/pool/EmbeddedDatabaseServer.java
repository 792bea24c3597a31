package io.descent.job.pool;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import org.h2.tools.Server;

/**
 * The node's embedded H2 database served to its own trainer processes: H2's TCP server, accepting
 * loopback connections only, reaching the database only under a random 128-bit name ({@code -key})
 * that the trainers get in their environment (not on the command line, where ps would show it), and only a database that is already open
 * ({@code -ifExists}). In this JVM the server shares the node's open database, so the node's own
 * connections and the trainers' see one database.
 */
final class EmbeddedDatabaseServer implements AutoCloseable {

    private static final String FILE_PREFIX = "jdbc:h2:file:";

    private final Server server;
    private final String trainerUrl;

    private EmbeddedDatabaseServer(Server server, String trainerUrl) {
        this.server = server;
        this.trainerUrl = trainerUrl;
    }

    /** Whether {@code url} is an embedded H2 file database that a server can share. */
    static boolean serves(String url) {
        return url != null && url.startsWith(FILE_PREFIX);
    }

    static EmbeddedDatabaseServer start(String nodeUrl) {
        String rest = nodeUrl.substring(FILE_PREFIX.length());
        int semicolon = rest.indexOf(';');
        String path = semicolon < 0 ? rest : rest.substring(0, semicolon);
        String settings = semicolon < 0 ? "" : rest.substring(semicolon);
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String key = "descent-" + HexFormat.of().formatHex(secret);
        try {
            Server server = Server.createTcpServer("-tcpPort", "0", "-ifExists", "-key", key, path).start();
            return new EmbeddedDatabaseServer(server, "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/" + key + settings);
        } catch (SQLException e) {
            throw new IllegalStateException("The embedded database could not be served to the trainer processes: " + e.getMessage()
                    + " (descent.worker.processes: 0 trains in this process instead)", e);
        }
    }

    /** The JDBC URL a trainer connects with. */
    String trainerUrl() {
        return trainerUrl;
    }

    @Override
    public void close() {
        server.stop();
    }
}
