package dev.transitsidecar.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlotAllocatorTest {
  @Test
  void take_roundsUpTo16AndHandsOutFirstFit() {
    SlotAllocator slots = new SlotAllocator(128);
    assertThat(slots.take(1).getAsInt()).isEqualTo(0);
    assertThat(slots.take(17).getAsInt()).isEqualTo(16);
    assertThat(slots.take(0).getAsInt()).isEqualTo(48);
    assertThat(slots.used()).isEqualTo(64);
    assertThat(slots.slots()).isEqualTo(3);
  }

  @Test
  void take_noBlockLargeEnough_isEmpty() {
    SlotAllocator slots = new SlotAllocator(64);
    slots.take(32);
    assertThat(slots.take(33)).isEmpty();
    assertThat(slots.take(32)).hasValue(32);
    assertThat(slots.take(1)).isEmpty();
  }

  @Test
  void release_mergesNeighboursSoALargeSlotFitsAgain() {
    SlotAllocator slots = new SlotAllocator(96);
    int a = slots.take(32).getAsInt();
    int b = slots.take(32).getAsInt();
    int c = slots.take(32).getAsInt();
    assertThat(slots.release(a)).isEqualTo(32);
    assertThat(slots.release(c)).isEqualTo(32);
    assertThat(slots.take(64)).isEmpty();
    assertThat(slots.release(b)).isEqualTo(32);
    assertThat(slots.take(96)).hasValue(0);
    assertThat(slots.used()).isEqualTo(96);
  }

  @Test
  void release_unknownOrTwice_isIgnored() {
    SlotAllocator slots = new SlotAllocator(64);
    int a = slots.take(16).getAsInt();
    assertThat(slots.release(a)).isEqualTo(16);
    assertThat(slots.release(a)).isZero();
    assertThat(slots.release(48)).isZero();
    assertThat(slots.used()).isZero();
    assertThat(slots.take(64)).hasValue(0);
  }
}
