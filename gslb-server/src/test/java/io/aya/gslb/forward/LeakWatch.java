package io.aya.gslb.forward;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Netty's leak detector at {@code paranoid} for the forwarding tests, with its reports collected so a test
 * can assert there were none (Netty only logs them). As a JUnit extension ({@code @ExtendWith}) it watches a
 * whole test class and fails it when any buffer leaked.
 */
final class LeakWatch extends AppenderBase<ILoggingEvent> {
  /** Watches a test class: paranoid from before the first test, no leak reported after the last. */
  static final class Extension implements BeforeAllCallback, AfterAllCallback {
    private LeakWatch watch;

    @Override
    public void beforeAll(ExtensionContext context) {
      watch = begin();
    }

    @Override
    public void afterAll(ExtensionContext context) {
      try {
        org.assertj.core.api.Assertions.assertThat(watch.leaks()).as("Netty buffer leaks").isEmpty();
      } finally {
        watch.close();
      }
    }
  }

  private final List<String> leaks = new CopyOnWriteArrayList<>();
  private ResourceLeakDetector.Level before;

  static LeakWatch begin() {
    LeakWatch w = new LeakWatch();
    w.before = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    w.setName("leak-watch");
    w.start();
    ((Logger) LoggerFactory.getLogger(ResourceLeakDetector.class)).addAppender(w);
    return w;
  }

  @Override
  protected void append(ILoggingEvent e) {
    if (e.getFormattedMessage().contains("LEAK")) {
      leaks.add(e.getFormattedMessage());
    }
  }

  /** Lets the GC find unreleased buffers and the detector report them; returns every report so far. */
  List<String> leaks() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      // the detector reports collected leaks when a tracked buffer is next allocated
      for (int j = 0; j < 64; j++) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        b.release();
      }
    }
    return List.copyOf(leaks);
  }

  void close() {
    ((Logger) LoggerFactory.getLogger(ResourceLeakDetector.class)).detachAppender(this);
    ResourceLeakDetector.setLevel(before);
    stop();
  }
}
