package io.aya.gslb.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aya.gslb.zone.ForwardSpec.Lb;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The forwarder on Netty's native epoll transport (Linux): a half-closed socket stays in the event loop's epoll
 * set (Netty 4.2's own epoll channels drop it and then fail the next write that has to wait: see
 * {@link ForwardEpollSocketChannel}), checked in the kernel's view of the epoll set ({@code /proc/self/fdinfo}).
 */
@ExtendWith(LeakWatch.Extension.class)
class ForwardEpollTest {
  private static final Pattern WATCHED = Pattern.compile("(?m)^tfd:\\s+(\\d+)\\s+events:\\s+([0-9a-f]+)");
  private final ForwardFixture f = new ForwardFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void linuxForwardsOnEpoll() {
    assertThat(ForwardTransport.best()).isEqualTo(ForwardTransport.EPOLL);
    assertThat(f.transport).isEqualTo(ForwardTransport.EPOLL);
  }

  @Test
  void aClientsSocketStaysInTheEpollSetAfterItsFinAndTheReplyStillArrivesWhole() throws Exception {
    try (ServerSocket member = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.10"))) {
      f.listen(ForwardSettings.DEFAULTS, ForwardFixture.spec(Lb.ROUND_ROBIN), List.of(), null);
      f.listener.route(f.route(ForwardFixture.spec(Lb.ROUND_ROBIN), "a",
          List.of((InetSocketAddress) member.getLocalSocketAddress()), null, Map.of(), ForwardRoute.RegionOrder.NONE));
      try (Socket client = new Socket()) {
        client.setReceiveBufferSize(16 * 1024);
        client.connect(f.listener.localAddress());
        client.setSoTimeout(10_000);
        try (Socket m = member.accept()) {
          m.setSoTimeout(10_000);
          // the client's FIN reaches the member: the forwarder read it and stopped reading the client's socket,
          // with nothing waiting to be written to it (the interest set Netty would have dropped)
          client.shutdownOutput();
          assertThat(m.getInputStream().read()).isEqualTo(-1);
          ForwardEpollSocketChannel front =
              (ForwardEpollSocketChannel) f.listener.route().local().members[0].connections.iterator().next();
          int fd = front.fd().intValue();
          await().atMost(Duration.ofSeconds(5)).until(front::isInputShutdown);
          assertThat(epollWatches(fd)).as("fd %d in an epoll set", fd).isTrue();
          // a reply larger than the socket buffers: writes to the client have to wait for it again and again
          int total = 8 << 20;
          Thread writer = new Thread(() -> {
            try {
              OutputStream out = m.getOutputStream();
              byte[] chunk = new byte[64 * 1024];
              for (int sent = 0; sent < total; sent += chunk.length) {
                out.write(chunk);
              }
              m.shutdownOutput();
            } catch (IOException e) {
              throw new RuntimeException(e);
            }
          });
          writer.start();
          InputStream in = client.getInputStream();
          byte[] buf = new byte[8 * 1024];
          long got = 0;
          for (int n; (n = in.read(buf)) > 0; ) {
            got += n;
          }
          writer.join();
          assertThat(got).isEqualTo(total);
        }
      }
    }
  }

  @Test
  void aBulkTransferIsSplicedByteExactAndCountedBothWays() throws Exception {
    TcpBackend echo = f.backend("127.0.0.10", TcpBackend.Mode.ECHO, 0);
    f.listen(ForwardSettings.DEFAULTS, ForwardFixture.spec(Lb.ROUND_ROBIN), List.of(echo), null);
    long total = 64L << 20;
    try (Socket s = new Socket()) {
      s.connect(f.listener.localAddress());
      s.setSoTimeout(30_000);
      CRC32 sentCrc = new CRC32();
      Thread sender = new Thread(() -> {
        try {
          OutputStream out = s.getOutputStream();
          byte[] buf = new byte[64 * 1024];
          for (long off = 0; off < total; off += buf.length) {
            for (int i = 0; i < buf.length; i++) {
              buf[i] = (byte) ((off + i) * 31 + 7);
            }
            sentCrc.update(buf);
            out.write(buf);
          }
          // the FIN follows the spliced bytes, and the echo's FIN the spliced echo
          s.shutdownOutput();
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      });
      sender.start();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8 * 1024];
      CRC32 gotCrc = new CRC32();
      long got = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        gotCrc.update(buf, 0, n);
        got += n;
      }
      sender.join();
      assertThat(got).isEqualTo(total);
      assertThat(gotCrc.getValue()).isEqualTo(sentCrc.getValue());
    }
    assertThat(echo.receivedBytes()).isEqualTo(total);
    ForwardMember m = f.listener.route().local().members[0];
    assertThat(m.bytesIn.sum()).isEqualTo(total);
    assertThat(m.bytesOut.sum()).isEqualTo(total);
    // after the first TcpProxyFrontend.SPLICE_AFTER bytes each way, bytes go by splice (through buffers only
    // what arrives while a pipe is full)
    assertThat(f.listener.stats.spliced.sum()).isGreaterThan(total / 2);
  }

  /** Whether some epoll instance of this process watches {@code fd} (the kernel's {@code tfd:} lines). */
  private static boolean epollWatches(int fd) throws IOException {
    try (DirectoryStream<Path> infos = Files.newDirectoryStream(Path.of("/proc/self/fdinfo"))) {
      for (Path info : infos) {
        String text;
        try {
          text = Files.readString(info);
        } catch (IOException gone) {
          continue;
        }
        Matcher m = WATCHED.matcher(text);
        while (m.find()) {
          if (Integer.parseInt(m.group(1)) == fd) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
