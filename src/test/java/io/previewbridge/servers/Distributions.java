package io.previewbridge.servers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * The server distributions the {@code servers} profile copies from the Maven repository into {@code
 * target/distributions}, unpacked afresh for each test class (as an admin unzips one), with the
 * scripts' execute bits kept.
 */
final class Distributions {

  private Distributions() {}

  /**
   * The distribution named by a system property (the tests' failsafe run sets it), else the copy in
   * {@code target/distributions/} (a benchmark run by exec:java).
   */
  static Path zip(String property) {
    String fallback =
        "target/distributions/"
            + (property.startsWith("wildfly") ? "wildfly.zip" : "payara-server.zip");
    String value = System.getProperty(property, fallback);
    if (value == null || !Files.isRegularFile(Path.of(value))) {
      throw new IllegalStateException(
          "System property "
              + property
              + " ("
              + value
              + ") does not name a distribution: run this test with `mvn verify -Pservers`");
    }
    return Path.of(value);
  }

  /** Unpacks {@code zip} into {@code into}; returns the single top-level directory in it. */
  static Path unpack(Path zip, Path into) throws IOException {
    Files.createDirectories(into);
    Path top = null;
    try (ZipFile file = ZipFile.builder().setPath(zip).get()) {
      for (ZipArchiveEntry entry : Collections.list(file.getEntries())) {
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("Entry outside the target directory: " + entry.getName());
        }
        Path relative = into.relativize(target);
        if (relative.getNameCount() > 0 && top == null) {
          top = into.resolve(relative.getName(0));
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = file.getInputStream(entry)) {
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        if ((entry.getUnixMode() & 0100) != 0 || isScript(target)) {
          Set<PosixFilePermission> permissions =
              EnumSet.copyOf(Files.getPosixFilePermissions(target));
          permissions.add(PosixFilePermission.OWNER_EXECUTE);
          Files.setPosixFilePermissions(target, permissions);
        }
      }
    }
    if (top == null) {
      throw new IOException(zip + " is empty");
    }
    return top;
  }

  /** Launch scripts, should an archive not record their mode. */
  private static boolean isScript(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".sh")
        || (file.getParent() != null
            && file.getParent().getFileName().toString().equals("bin")
            && !name.contains("."));
  }
}
