package io.aya.gslb.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aya explain NAME [TYPE] --client ADDR}: asks a running node why a client gets its answer. */
@Command(name = "explain", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Show why a client gets its answer for a balanced name (asks a running node's admin API).")
final class ExplainCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "the balanced name, e.g. www.example.com")
  String name;

  @Parameters(index = "1", paramLabel = "TYPE", defaultValue = "A", description = "A or AAAA (default: ${DEFAULT-VALUE})")
  String type;

  @Option(names = "--client", required = true, paramLabel = "ADDR[/PREFIX]",
      description = "client address or ECS subnet, e.g. 81.2.69.142 or 81.2.69.0/24")
  String client;

  @Option(names = "--admin", defaultValue = "127.0.0.1:8053", paramLabel = "HOST:PORT",
      description = "admin API of the node to ask (default: ${DEFAULT-VALUE})")
  String admin;

  @Override
  public Integer call() throws Exception {
    String url = "http://" + admin + "/api/v1/explain?name=" + enc(name) + "&type=" + enc(type) + "&client=" + enc(client);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> resp;
    try {
      resp = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.net.ConnectException e) {
      System.err.println("aya explain: cannot reach the admin API at " + admin
          + ": no AYA node is listening there (is `aya serve` running? --admin HOST:PORT names another node)");
      return 3;
    } catch (java.net.http.HttpTimeoutException e) {
      System.err.println("aya explain: the admin API at " + admin + " did not answer in time");
      return 3;
    } catch (java.io.IOException e) {
      System.err.println("aya explain: cannot reach the admin API at " + admin + ": "
          + (e.getMessage() == null ? "connection failed" : e.getMessage()));
      return 3;
    }
    System.out.println(resp.body());
    return resp.statusCode() == 200 ? 0 : 1;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
