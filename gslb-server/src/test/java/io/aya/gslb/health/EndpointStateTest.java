package io.aya.gslb.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EndpointStateTest {
  @Test
  void goesDownOnlyAfterFallConsecutiveFailures() {
    EndpointState s = new EndpointState(2, 3, ColdStart.ASSUME_UP);
    assertFalse(s.record(true));
    assertFalse(s.record(false));
    assertFalse(s.record(false));
    assertTrue(s.up());
    assertTrue(s.record(false));
    assertFalse(s.up());
  }

  @Test
  void comesBackOnlyAfterRiseConsecutiveSuccesses() {
    EndpointState s = new EndpointState(2, 1, ColdStart.ASSUME_UP);
    s.record(false);
    assertFalse(s.up());
    assertFalse(s.record(true));
    assertFalse(s.up());
    assertTrue(s.record(true));
    assertTrue(s.up());
  }

  @Test
  void aResultOfTheOtherKindResetsTheStreak() {
    EndpointState s = new EndpointState(2, 2, ColdStart.ASSUME_UP);
    s.record(true);
    int changes = 0;
    for (int i = 0; i < 50; i++) {
      changes += s.record(i % 2 == 0 ? false : true) ? 1 : 0;
    }
    assertEquals(0, changes);
    assertTrue(s.up());
  }

  @Test
  void theFirstResultDecidesAloneInBothColdStartModes() {
    EndpointState assumeUp = new EndpointState(3, 3, ColdStart.ASSUME_UP);
    assertTrue(assumeUp.up());
    assertFalse(assumeUp.known());
    assertTrue(assumeUp.record(false));
    assertFalse(assumeUp.up());
    assertTrue(assumeUp.known());

    EndpointState wait = new EndpointState(3, 3, ColdStart.WAIT_FIRST_ROUND);
    assertFalse(wait.up());
    assertTrue(wait.record(true));
    assertTrue(wait.up());
    // after the first result the streaks apply: two failures are not enough with fall=3
    wait.record(false);
    wait.record(false);
    assertTrue(wait.up());
  }

  @Test
  void rejectsRiseOrFallBelowOne() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new EndpointState(0, 2, ColdStart.ASSUME_UP));
    assertEquals("rise/fall: 0/2 (expected: >= 1)", e.getMessage());
  }
}
