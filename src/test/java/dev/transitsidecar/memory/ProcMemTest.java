package dev.transitsidecar.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transitsidecar.config.LockMemory;
import dev.transitsidecar.config.MemoryBackend;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What the kernel's {@code /proc/PID/mem} path (the one {@code ptrace} peeks, {@code process_vm_readv} and a root
 * debugger use too) gives for a secret's address: its bytes from an {@code mmap} slab, an I/O error from a
 * {@code memfd_secret} one. Read through {@code /proc/self/mem}, which needs no capability, so it runs wherever the
 * kernel offers {@code memfd_secret}; HardeningIT makes the same read as root from another process.
 */
class ProcMemTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void mmap_procMemReadOfASecretsAddress_returnsTheSecret() throws IOException {
    byte[] secret = random();
    try (LockedMemory memory = Backends.open(MemoryBackend.MMAP, 4096, LockMemory.PREFERRED);
        SecretBytes held = SecretBytes.copyOf(memory, secret)) {
      byte[] read = readProcSelfMem(address(memory, held), secret.length);
      assertThat(Arrays.equals(read, secret)).as("the bytes /proc/self/mem gives are the secret").isTrue();
      Wipe.array(read);
    } finally {
      Wipe.array(secret);
    }
  }

  @Test
  void memfdSecret_procMemReadOfASecretsAddress_failsWithAnIoError() {
    byte[] secret = random();
    try (LockedMemory memory = Backends.open(MemoryBackend.MEMFD_SECRET, 4096, LockMemory.PREFERRED);
        SecretBytes held = SecretBytes.copyOf(memory, secret)) {
      long address = address(memory, held);
      byte[] own = held.exposeCopy();
      assertThat(Arrays.equals(own, secret)).as("the process itself reads its secret").isTrue();
      Wipe.array(own);
      assertThatThrownBy(() -> readProcSelfMem(address, secret.length)).isInstanceOf(IOException.class)
          .hasMessageContaining("Input/output error");
    } finally {
      Wipe.array(secret);
    }
  }

  private static long address(LockedMemory memory, SecretBytes held) {
    return memory.slab().data().address() + held.offset();
  }

  private static byte[] readProcSelfMem(long address, int length) throws IOException {
    try (RandomAccessFile mem = new RandomAccessFile("/proc/self/mem", "r")) {
      mem.seek(address);
      byte[] read = new byte[length];
      mem.readFully(read);
      return read;
    }
  }

  private static byte[] random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
