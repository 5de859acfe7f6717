package io.previewbridge.identity;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;

/**
 * An attacker (or a broken network) between PreviewBridge and the identity provider's token
 * endpoint: the real answer passes through a WireMock proxy, and this transformer changes its ID
 * token as the test asks, to prove that the relying party checks what it is given.
 */
final class TokenEndpointInTheMiddle implements ResponseTransformerV2 {

  /** What happens to the next answers. */
  enum Mode {
    /** Passed on unchanged (and its ID token remembered). */
    PASS,
    /** One character of the ID token's signature changed. */
    TAMPER_SIGNATURE,
    /** The ID token replaced by {@link #replacement}, signed by the provider for someone else. */
    REPLACE,
    /** The provider seems down: 503 with an HTML page. */
    DOWN
  }

  static volatile Mode mode = Mode.PASS;
  static volatile String replacement;
  static volatile String lastIdToken;

  @Override
  public String getName() {
    return "token-endpoint-in-the-middle";
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  @Override
  public Response transform(Response response, ServeEvent event) {
    if (mode == Mode.DOWN) {
      return Response.Builder.like(response)
          .but()
          .status(503)
          .headers(new HttpHeaders(new HttpHeader("Content-Type", "text/html")))
          .body("<html><body>Service Unavailable</body></html>")
          .build();
    }
    String body = response.getBodyAsString();
    if (response.getStatus() != 200 || !body.contains("\"id_token\"")) {
      return response;
    }
    JsonObject tokens = Json.createReader(new StringReader(body)).readObject();
    String idToken = tokens.getString("id_token");
    String changed =
        switch (mode) {
          case PASS -> {
            lastIdToken = idToken;
            yield idToken;
          }
          case TAMPER_SIGNATURE -> {
            int at = idToken.length() - 5;
            char c = idToken.charAt(at);
            yield idToken.substring(0, at) + (c == 'A' ? 'B' : 'A') + idToken.substring(at + 1);
          }
          case REPLACE -> replacement;
          case DOWN -> throw new IllegalStateException();
        };
    String newBody = Json.createObjectBuilder(tokens).add("id_token", changed).build().toString();
    // the proxied length no longer holds
    HttpHeaders headers =
        new HttpHeaders(
            response.getHeaders().all().stream()
                .filter(h -> !h.keyEquals("Content-Length") && !h.keyEquals("Transfer-Encoding"))
                .toList());
    return Response.Builder.like(response).but().headers(headers).body(newBody).build();
  }
}
