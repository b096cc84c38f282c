package io.aya.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's headless Chromium ({@code /usr/bin/chromium}) driven over the DevTools protocol with the JDK's
 * WebSocket client: one page, its console errors and uncaught exceptions collected from the start, mouse
 * clicks and typing as a user would do them, screenshots.
 */
final class Chromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Path BINARY = Path.of(System.getProperty("aya.chromium", "/usr/bin/chromium"));

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();

  private Chromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  /** Starts Chromium on about:blank with its own profile in {@code dir} and attaches to its page. */
  static Chromium start(Path dir) throws Exception {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: install the Debian package chromium (./run-tests does)");
    }
    Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
    Process p = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-extensions", "--window-size=1400,1000", "--remote-debugging-port=0",
        "--user-data-dir=" + profile, "about:blank")
        .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
    Path portFile = profile.resolve("DevToolsActivePort");
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
        if (!p.isAlive()) {
          throw new IllegalStateException("chromium exited with " + p.exitValue() + ": "
              + Files.readString(dir.resolve("chromium.log")));
        }
        return Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2;
      });
      int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
      HttpClient http = HttpClient.newHttpClient();
      String page = null;
      for (JsonNode t : JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
          .build(), HttpResponse.BodyHandlers.ofString()).body())) {
        if ("page".equals(t.path("type").asText())) {
          page = t.path("webSocketDebuggerUrl").asText();
        }
      }
      if (page == null) {
        throw new IllegalStateException("chromium has no page target");
      }
      Chromium[] self = new Chromium[1];
      WebSocket ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
          .buildAsync(URI.create(page), new Listener(() -> self[0])).get(30, TimeUnit.SECONDS);
      self[0] = new Chromium(p, ws);
      self[0].call("Runtime.enable", Map.of());
      self[0].call("Log.enable", Map.of());
      self[0].call("Page.enable", Map.of());
      return self[0];
    } catch (Exception | Error e) {
      p.destroyForcibly();
      throw e;
    }
  }

  /** Collects a text WebSocket message that may come in parts, then hands it to {@link #receive}. */
  private static final class Listener implements WebSocket.Listener {
    private final java.util.function.Supplier<Chromium> owner;
    private final StringBuilder buffer = new StringBuilder();

    Listener(java.util.function.Supplier<Chromium> owner) {
      this.owner = owner;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        String msg = buffer.toString();
        buffer.setLength(0);
        Chromium c = owner.get();
        if (c != null) {
          c.receive(msg);
        }
      }
      ws.request(1);
      return null;
    }
  }

  private void receive(String text) {
    JsonNode m;
    try {
      m = JSON.readTree(text);
    } catch (IOException e) {
      return;
    }
    if (m.has("id")) {
      CompletableFuture<JsonNode> f = calls.remove(m.get("id").asInt());
      if (f != null) {
        if (m.has("error")) {
          f.completeExceptionally(new IllegalStateException("DevTools: " + m.get("error")));
        } else {
          f.complete(m.path("result"));
        }
      }
      return;
    }
    String method = m.path("method").asText();
    JsonNode p = m.path("params");
    switch (method) {
      case "Runtime.exceptionThrown" -> errors.add("uncaught: " + p.path("exceptionDetails"));
      case "Runtime.consoleAPICalled" -> {
        if ("error".equals(p.path("type").asText()) || "assert".equals(p.path("type").asText())) {
          errors.add("console." + p.path("type").asText() + ": " + p.path("args"));
        }
      }
      case "Log.entryAdded" -> {
        if ("error".equals(p.path("entry").path("level").asText())) {
          errors.add("log: " + p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText());
        }
      }
      default -> { }
    }
  }

  /** Sends one DevTools command and waits for its result. */
  JsonNode call(String method, Map<String, ?> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    calls.put(id, f);
    ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", JSON.valueToTree(params));
    synchronized (socket) {
      socket.sendText(JSON.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
    }
    return f.get(30, TimeUnit.SECONDS);
  }

  /** Loads a URL and waits for its load event. */
  void navigate(String url) throws Exception {
    call("Page.navigate", Map.of("url", url));
    await().atMost(Duration.ofSeconds(30)).until(() -> "complete".equals(eval("document.readyState").asText()));
  }

  /** The value of a JavaScript expression in the page (promises awaited). */
  JsonNode eval(String expression) throws Exception {
    JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException(expression + " threw " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** A real mouse click (press and release) at the centre of the first element matching {@code selector}. */
  void click(String selector) throws Exception {
    JsonNode box = eval("(() => { const e = document.querySelector(" + JSON.writeValueAsString(selector) + ");"
        + " if (!e) return null; e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
        + " return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()");
    if (box.isNull() || box.isMissingNode()) {
      throw new AssertionError("no element " + selector + " to click");
    }
    double x = box.get("x").asDouble();
    double y = box.get("y").asDouble();
    for (String type : List.of("mousePressed", "mouseReleased")) {
      call("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", "left", "clickCount", 1));
    }
  }

  /** Types text into the focused element as keyboard input would. */
  void type(String text) throws Exception {
    call("Input.insertText", Map.of("text", text));
  }

  void pressEnter() throws Exception {
    for (String type : List.of("keyDown", "keyUp")) {
      call("Input.dispatchKeyEvent", Map.of("type", type, "key", "Enter", "code", "Enter",
          "windowsVirtualKeyCode", 13, "text", "\r"));
    }
  }

  /** A PNG of the page's full layout. */
  void screenshot(Path file) throws Exception {
    JsonNode r = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
    Files.write(file, Base64.getDecoder().decode(r.get("data").asText()));
  }

  /** Console errors, uncaught exceptions and failed loads seen since the last call (which are then forgotten). */
  List<String> takeErrors() {
    List<String> out = new ArrayList<>(errors);
    errors.removeAll(out);
    return out;
  }

  @Override
  public void close() {
    socket.abort();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
