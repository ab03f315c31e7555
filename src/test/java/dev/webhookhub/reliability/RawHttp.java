package dev.webhookhub.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection, sending exactly the bytes it is given:
 * unlike the JDK's client it lets a test put CR, LF or NUL into a header, or bytes that are not
 * UTF-8 into a request line, as a hostile client would.
 */
public final class RawHttp {

  /** What came back; status 0 when the server closed the connection without an answer. */
  public record Response(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final int port;

  public RawHttp(int port) {
    this.port = port;
  }

  /**
   * @param target the request target as sent, e.g. {@code /ingest/ufp?x=1}; not encoded here
   * @param headers name to value, each written as {@code name: value\r\n}, whatever they contain
   */
  public Response send(String method, String target, Map<String, String> headers, byte[] body)
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(60_000);
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.write(
          (method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      for (Map.Entry<String, String> header : headers.entrySet()) {
        request.write(
            (header.getKey() + ": " + header.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
      }
      if (body != null) {
        request.write(
            ("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      }
      request.write("Connection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        request.write(body);
      }
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request.toByteArray());
        out.flush();
      } catch (IOException closedEarly) {
        // A server may answer (413) and close before it has read a large body; read that answer.
      }
      return read(socket.getInputStream());
    }
  }

  private static Response read(InputStream in) throws IOException {
    String statusLine = line(in);
    if (statusLine == null || statusLine.isEmpty()) {
      return new Response(0, Map.of(), "");
    }
    int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    byte[] body;
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream chunks = new ByteArrayOutputStream();
      for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
          size > 0;
          size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
        chunks.write(in.readNBytes(size));
        line(in);
      }
      body = chunks.toByteArray();
    } else if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else {
      body = in.readAllBytes();
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  /** One line without its CRLF, or null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int length =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }
}
