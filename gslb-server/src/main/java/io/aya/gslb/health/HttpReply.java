package io.aya.gslb.health;

import java.util.Objects;

/** A complete HTTP response as far as a probe cares: status code and body text (UTF-8). */
record HttpReply(int status, String body) {
  HttpReply {
    Objects.requireNonNull(body, "body");
  }
}
