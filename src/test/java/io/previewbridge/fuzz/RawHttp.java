package io.previewbridge.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, one request per connection: the fuzz tier needs to send what no
 * well-behaved client library lets through (a malformed {@code Host}, odd methods, a wrong {@code
 * Content-Length}, bytes that are not a valid request at all).
 */
final class RawHttp {

  /** What came back; status 0 when the server closed without an answer. */
  record Answer(int status, List<String> headers, String body) {

    String header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      return headers.stream()
          .filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
          .map(h -> h.substring(prefix.length()).trim())
          .findFirst()
          .orElse(null);
    }
  }

  private RawHttp() {}

  static Answer exchange(String host, int port, byte[] request, int timeoutMillis, String method)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
        socket.shutdownOutput();
      } catch (SocketException closedEarly) {
        // the server may answer (a 413, a 400) and close before it has read everything
      }
      try {
        return read(socket.getInputStream(), method);
      } catch (SocketException reset) {
        return new Answer(0, List.of(), "");
      }
    }
  }

  static Answer read(InputStream in, String method) throws IOException {
    Answer head;
    do {
      String statusLine = line(in);
      if (statusLine == null || statusLine.isEmpty()) {
        return new Answer(0, List.of(), "");
      }
      String[] parts = statusLine.split(" ", 3);
      int status = Integer.parseInt(parts[1]);
      List<String> headers = new ArrayList<>();
      for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
        headers.add(header);
      }
      head = new Answer(status, headers, "");
    } while (head.status() >= 100 && head.status() < 200); // 100 Continue: the answer follows
    if (method.equalsIgnoreCase("HEAD") || head.status() == 204 || head.status() == 304) {
      return head;
    }
    byte[] body;
    String length = head.header("Content-Length");
    String encoding = head.header("Transfer-Encoding");
    if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
      body = chunked(in);
    } else if (length != null) {
      body = in.readNBytes(Integer.parseInt(length));
    } else {
      body = in.readAllBytes();
    }
    return new Answer(head.status(), head.headers(), new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String size = line(in); size != null; size = line(in)) {
      int semicolon = size.indexOf(';');
      int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (n == 0) {
        break;
      }
      body.write(in.readNBytes(n));
      line(in);
    }
    return body.toByteArray();
  }

  /** A CRLF-terminated line in ISO-8859-1, or null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r'
            ? line.substring(0, end - 1)
            : line.toString();
      }
      line.append((char) b);
    }
    return line.length() == 0 ? null : line.toString();
  }
}
