package io.aya.gslb.zone;

import java.net.InetAddress;
import java.util.List;

/** What a balanced name answers when the policy chain leaves no region: {@code fallback=all|none|addr...}. */
public sealed interface Fallback {
  /** Fail open: answer every member of every pool. */
  record All() implements Fallback {}

  /** Answer NODATA. */
  record None() implements Fallback {}

  /** Answer these fixed addresses. */
  record Fixed(List<InetAddress> addresses) implements Fallback {
    public Fixed {
      addresses = List.copyOf(addresses);
    }
  }

  Fallback ALL = new All();
  Fallback NONE = new None();
}
