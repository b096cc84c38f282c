package io.aya.gslb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The operator CLI's HTTP client for one node's admin API: JSON in and out, every failure turned into a
 * {@link CliException} with one line for the operator. Not thread-safe (one command, one client).
 */
final class AdminClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AdminTarget.Resolved target;
  private final HttpClient http;

  AdminClient(AdminTarget.Resolved target) {
    this.target = target;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  String address() {
    return target.display();
  }

  /** {@code GET path}; a non-2xx answer is a {@link CliException}. */
  JsonNode get(String path) {
    return check(send(HttpRequest.newBuilder(uri(path)).GET()));
  }

  /** A mutation with the bearer token; a non-2xx answer is a {@link CliException}. */
  JsonNode mutate(String method, String path, String jsonBody) {
    return check(mutateRaw(method, path, jsonBody));
  }

  /** A mutation with the bearer token; only transport and authentication failures are exceptions. */
  Reply mutateRaw(String method, String path, String jsonBody) {
    if (target.token() == null) {
      throw new CliException(CliException.UNAUTHORIZED, "no admin token: none in " + target.tokenSource()
          + " (give the node's --state-dir or --config, --admin-token-file, or set AYA_ADMIN_TOKEN)");
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
        .header("Authorization", "Bearer " + target.token())
        .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
    if (jsonBody != null) {
      b.header("Content-Type", "application/json");
    }
    Reply r = send(b);
    if (r.status() == 401) {
      throw new CliException(CliException.UNAUTHORIZED, "the node at " + address()
          + " refused the admin token from " + target.tokenSource() + " (401)");
    }
    return r;
  }

  /** An answer of the admin API: its status and JSON body. */
  record Reply(int status, JsonNode body) {
    /** The API's error sentence, else the status. */
    String error() {
      JsonNode e = body.get("error");
      return e != null && e.isTextual() ? e.asText() : "HTTP " + status;
    }
  }

  private JsonNode check(Reply r) {
    if (r.status() / 100 != 2) {
      throw new CliException(CliException.REFUSED, r.error() + " (HTTP " + r.status() + ")");
    }
    return r.body();
  }

  private Reply send(HttpRequest.Builder b) {
    HttpResponse<String> resp;
    try {
      resp = http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CliException(CliException.UNREACHABLE, "no AYA admin API at " + address() + " (" + CliException.reason(e) + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(CliException.UNREACHABLE, "interrupted while asking " + address());
    }
    JsonNode body;
    try {
      body = JSON.readTree(resp.body());
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      throw new CliException(CliException.UNREACHABLE, "no AYA admin API at " + address() + " (it answered HTTP "
          + resp.statusCode() + " without the API's JSON)");
    }
    return new Reply(resp.statusCode(), body);
  }

  private URI uri(String path) {
    return URI.create("http://" + address() + path);
  }

  /** One path segment, percent-encoded (a region or endpoint glob may hold '/', '*' or '@'). */
  static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
