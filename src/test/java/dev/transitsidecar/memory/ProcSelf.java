package dev.transitsidecar.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the kernel says about this process: {@code /proc/self/status} and {@code /proc/self/smaps}. */
final class ProcSelf {
  private ProcSelf() {}

  /** One mapping of {@code /proc/self/smaps}: its range, permissions ({@code rw-p}) and VmFlags. */
  record Mapping(long start, long end, String perms, List<String> vmFlags) {
    boolean contains(long address) {
      return address >= start && address < end;
    }
  }

  /** {@code VmLck} in KiB. */
  static long lockedKiB() {
    return read(Path.of("/proc/self/status")).stream()
        .filter(line -> line.startsWith("VmLck:"))
        .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
        .findFirst().orElseThrow();
  }

  static Optional<Mapping> mappingAt(long address) {
    return mappings().stream().filter(m -> m.contains(address)).findFirst();
  }

  static List<Mapping> mappings() {
    List<Mapping> mappings = new ArrayList<>();
    long start = 0;
    long end = 0;
    String perms = null;
    for (String line : read(Path.of("/proc/self/smaps"))) {
      if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
        String[] fields = line.split("\\s+");
        String[] range = fields[0].split("-");
        start = Long.parseUnsignedLong(range[0], 16);
        end = Long.parseUnsignedLong(range[1], 16);
        perms = fields[1];
      } else if (line.startsWith("VmFlags:")) {
        List<String> flags = List.of(line.substring("VmFlags:".length()).trim().split("\\s+"));
        mappings.add(new Mapping(start, end, perms, flags));
      }
    }
    return mappings;
  }

  private static List<String> read(Path path) {
    try {
      return Files.readAllLines(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
