package dev.transitsidecar.inject;

import dev.transitsidecar.config.LockMemory;
import dev.transitsidecar.memory.LockedMemory;
import dev.transitsidecar.memory.SecretBytes;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import sun.misc.Unsafe;

/**
 * A JVM that crashes with a secret in hand, for {@link CrashFilesTest}: reads a 32-byte secret (hex) from standard
 * input (never from its command line, which a fatal error report copies), hardens the process and puts the secret in
 * the locked slab as the sidecar does, keeps a copy on the heap, and then writes the secret's first eight bytes to
 * address 0, so that the value sits in a CPU register when the JVM dies of the SIGSEGV.
 */
public final class CrashingSidecar {
  private CrashingSidecar() {}

  public static void main(String[] args) throws Exception {
    byte[] secret = HexFormat.of().parseHex(new String(System.in.readNBytes(64), "US-ASCII"));
    LockedMemory.hardenProcess();
    LockedMemory memory = LockedMemory.allocate(LockedMemory.DEFAULT_CAPACITY, LockMemory.PREFERRED);
    SecretBytes inSlab = SecretBytes.copyOf(memory, secret);
    long inRegister = ByteBuffer.wrap(secret).getLong();
    System.out.println("secret loaded: " + inSlab.length() + " bytes in the slab");
    System.out.flush();
    Field field = Unsafe.class.getDeclaredField("theUnsafe");
    field.setAccessible(true);
    ((Unsafe) field.get(null)).putLong(0L, inRegister);
    System.out.println("not crashed " + secret.length);
  }
}
