package dev.transitsidecar.rotate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How far min_decryption_version may go: the wanted version, held back by the oldest version in use, never lower. */
class InterlockTest {
  private static final InUse KEYSTORE_V4 = new InUse(4, "keystore passkey vault");
  private static final InUse SEEN_V2 = new InUse(2, "decrypted through the sidecar");
  private static final InUse SEEN_V3 = new InUse(3, "decrypted through the sidecar");

  @Test
  void decide_nothingOlderInUse_raisesToTheWantedVersion() {
    Interlock i = Interlock.decide(1, 4, List.of(KEYSTORE_V4), false);
    assertThat(i.target()).isEqualTo(4);
    assertThat(i.raises()).isTrue();
    assertThat(i.heldBack()).isFalse();
    assertThat(i.blocking()).isEmpty();
  }

  @Test
  void decide_olderVersionsSeen_raisesOnlyToTheOldestAndNamesIt() {
    Interlock i = Interlock.decide(1, 4, List.of(KEYSTORE_V4, SEEN_V3, SEEN_V2), false);
    assertThat(i.target()).isEqualTo(2);
    assertThat(i.heldBack()).isTrue();
    assertThat(i.blocking()).contains(SEEN_V2);
    assertThat(i.holding()).as("every use below the wanted version, oldest first, for the message")
        .containsExactly(SEEN_V2, SEEN_V3);
  }

  @Test
  void decide_aSourceWhoseVersionsAreUnknown_holdsTheRaiseAtTheCurrentVersion() {
    InUse silent = new InUse(2, "pod apps/web-3 did not answer, its versions are unknown");
    Interlock i = Interlock.decide(2, 4, List.of(KEYSTORE_V4, silent), false);
    assertThat(i.raises()).isFalse();
    assertThat(i.heldBack()).isTrue();
    assertThat(i.blocking()).contains(silent);
  }

  @Test
  void decide_forced_raisesToTheWantedVersionAndReportsWhatItLocksOut() {
    Interlock i = Interlock.decide(1, 4, List.of(KEYSTORE_V4, SEEN_V2), true);
    assertThat(i.target()).isEqualTo(4);
    assertThat(i.forced()).isTrue();
    assertThat(i.heldBack()).isFalse();
    assertThat(i.blocking()).contains(SEEN_V2);
  }

  @Test
  void decide_inUseBelowTheCurrentMinimum_isAlreadyLockedOutAndHoldsNothingBack() {
    Interlock i = Interlock.decide(3, 4, List.of(SEEN_V2), false);
    assertThat(i.target()).isEqualTo(4);
    assertThat(i.heldBack()).isFalse();
  }

  @Test
  void decide_wantedBelowTheCurrentMinimum_neverLowersIt() {
    Interlock i = Interlock.decide(3, 2, List.of(), false);
    assertThat(i.target()).isEqualTo(3);
    assertThat(i.raises()).isFalse();
  }

  @Test
  void decide_wantedNotAboveCurrent_changesNothing() {
    Interlock i = Interlock.decide(4, 2, List.of(), false);
    assertThat(i.raises()).isFalse();
    assertThat(i.blocking()).isEqualTo(Optional.empty());
  }
}
