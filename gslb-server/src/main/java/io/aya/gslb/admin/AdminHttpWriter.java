package io.aya.gslb.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an {@link AdminResponse} to its connection as HTTP/1.1: the JSON value (indented) or the text, with
 * {@code Content-Type}, {@code Content-Length}, the response's own headers and {@code WWW-Authenticate} on a 401
 * (RFC 6750 §3); without a body for {@code HEAD}; then keeps the connection or closes it. A value that cannot be
 * serialized is answered with a JSON 500 body. Stateless and thread-safe.
 */
final class AdminHttpWriter {
  private static final Logger log = LoggerFactory.getLogger(AdminHttpWriter.class);

  private final ObjectMapper json;

  AdminHttpWriter(ObjectMapper json) {
    this.json = json;
  }

  void send(ChannelHandlerContext ctx, AdminResponse r, boolean keepAlive) {
    send(ctx, r, keepAlive, false);
  }

  /** @param head answer a HEAD request: the headers of the GET answer (its Content-Length too), no body */
  void send(ChannelHandlerContext ctx, AdminResponse r, boolean keepAlive, boolean head) {
    FullHttpResponse full = toHttp(r);
    FullHttpResponse resp = full;
    if (head) {
      resp = full.replace(Unpooled.EMPTY_BUFFER);
      full.release();
    }
    if (keepAlive) {
      resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(resp);
    } else {
      resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
    }
  }

  FullHttpResponse toHttp(AdminResponse r) {
    byte[] bytes;
    try {
      bytes = r.json() != null
          ? json.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(r.json())
          : r.text().getBytes(StandardCharsets.UTF_8);
    } catch (Exception e) {
      log.warn("cannot serialize admin response", e);
      bytes = "{\"status\":500,\"error\":\"cannot serialize response\"}".getBytes(StandardCharsets.UTF_8);
    }
    FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(bytes));
    resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
    HttpUtil.setContentLength(resp, bytes.length);
    for (Map.Entry<String, String> h : r.headers().entrySet()) {
      resp.headers().set(h.getKey(), h.getValue());
    }
    if (r.status() == 401) {
      resp.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"aya\"");
    }
    return resp;
  }
}
