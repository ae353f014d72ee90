/**
 * Locked memory for secrets (docs/secrets-and-cache.md): the one place where the master key and cached plaintexts live.
 *
 * <p>{@link dev.transitsidecar.memory.LockedMemory} maps one slab through the Java foreign function API
 * ({@code java.lang.foreign}, libc's own symbols; no JNA). On Linux x86_64 and aarch64 its layout is
 * <pre>
 *   mmap(PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS), capacity rounded up to whole pages, plus two pages:
 *   +------------+-------------------------------------------+------------+
 *   | guard page |  data pages, one of two backends:          | guard page |
 *   | PROT_NONE  |  memfd_secret: the file mapped MAP_SHARED  | PROT_NONE  |
 *   |            |    | MAP_FIXED over the reservation;       |            |
 *   |            |    MADV_DONTDUMP, MADV_DONTFORK           |            |
 *   |            |  mmap: mprotect(PROT_READ|PROT_WRITE),     |            |
 *   |            |    mlock, MADV_DONTDUMP, MADV_WIPEONFORK   |            |
 *   +------------+-------------------------------------------+------------+
 *                 ^ slots: 16-byte aligned, first fit, wiped when freed
 * </pre>
 * A native over- or under-run hits a guard page and faults instead of reading a neighbour. {@code memfd_secret}
 * (system call 447 through libc's {@code syscall}; the descriptor is close-on-exec and closed as soon as it is
 * mapped) gives pages the kernel takes out of its direct map and locks itself, so that neither {@code /proc/PID/mem},
 * {@code ptrace} nor a kernel memory read reaches them; {@code cache.memoryBackend: auto} falls back to the
 * {@code mmap} layout, with one INFO line naming the errno, when the kernel refuses it. Either way the data pages
 * stay in RAM (never swapped), are left out of core dumps and are not readable in a forked child. Guard pages are not
 * locked, so only the data pages count against {@code RLIMIT_MEMLOCK}: the default 32 KiB slab fits the 64 KiB that
 * many managed Kubernetes nodes allow. {@code errno} is captured with {@code Linker.Option.captureCallState} and read
 * only when a call returned failure. {@code cache.lockMemory} decides what a failed {@code mlock} means:
 * {@code required} stops the start, {@code preferred} logs one warning and sets
 * {@code transit_sidecar_memory_locked} to 0, {@code off} does not try ({@code memfd_secret} pages are locked
 * whatever it says). Elsewhere (or if the mapping itself fails) {@code preferred} and {@code off} use a plain off-heap
 * segment.
 *
 * <p>{@link dev.transitsidecar.memory.LockedMemory#hardenProcess()} makes the process non-dumpable
 * ({@code prctl(PR_SET_DUMPABLE, 0)}) and sets the soft core limit to 0, once at start.
 *
 * <p>Each secret is a {@link dev.transitsidecar.memory.SecretBytes}: a slot with no {@code toString},
 * {@code equals} or serialization, whose bytes leave only through methods named {@code expose...} or
 * {@code encodeBase64To}, and which wipes its slot on close. Vault's base64 {@code plaintext} is decoded straight into
 * a slot and encoded straight from one into a response buffer, so a plaintext never becomes a {@code String} or a
 * long-lived {@code byte[]}. The slab's segments belong to a shared arena: using a secret after the slab closed
 * fails with {@code IllegalStateException}, never with a read of unmapped memory.
 */
package dev.transitsidecar.memory;
