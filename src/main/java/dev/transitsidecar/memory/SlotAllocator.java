package dev.transitsidecar.memory;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * First-fit allocation of 16-byte aligned slots over {@code [0, capacity)}. Freed slots are merged with free
 * neighbours. Not thread-safe: {@link LockedMemory} serializes access.
 */
final class SlotAllocator {
  static final int ALIGNMENT = 16;

  private final int capacity;
  private final TreeMap<Integer, Integer> free = new TreeMap<>();
  private final Map<Integer, Integer> taken = new HashMap<>();
  private int used;

  SlotAllocator(int capacity) {
    this.capacity = capacity;
    free.put(0, capacity);
  }

  /** The bytes a slot for {@code length} occupies: at least one alignment unit, rounded up to it. */
  static int footprint(int length) {
    return Math.max(ALIGNMENT, (length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT);
  }

  /** The offset of a new slot for {@code length} bytes, or empty when no free block is large enough. */
  OptionalInt take(int length) {
    int size = footprint(length);
    for (Map.Entry<Integer, Integer> block : free.entrySet()) {
      int offset = block.getKey();
      int blockSize = block.getValue();
      if (blockSize >= size) {
        free.remove(offset);
        if (blockSize > size) {
          free.put(offset + size, blockSize - size);
        }
        taken.put(offset, size);
        used += size;
        return OptionalInt.of(offset);
      }
    }
    return OptionalInt.empty();
  }

  /** Returns a slot; its size (to wipe), or 0 when {@code offset} is not a taken slot. */
  int release(int offset) {
    Integer size = taken.remove(offset);
    if (size == null) {
      return 0;
    }
    used -= size;
    int start = offset;
    int length = size;
    Map.Entry<Integer, Integer> before = free.floorEntry(offset);
    if (before != null && before.getKey() + before.getValue() == offset) {
      free.remove(before.getKey());
      start = before.getKey();
      length += before.getValue();
    }
    Integer after = free.remove(offset + size);
    if (after != null) {
      length += after;
    }
    free.put(start, length);
    return size;
  }

  int capacity() {
    return capacity;
  }

  int used() {
    return used;
  }

  int slots() {
    return taken.size();
  }
}
