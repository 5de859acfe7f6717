package io.previewbridge.webhooks;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.HashMap;
import java.util.Map;

/**
 * Notion's rate limit as a WireMock extension: PATCHes of one token beyond an average of 3 per
 * second (a bucket of 3) are answered 429 with {@code Retry-After: 1}, whatever the stubs say. A
 * client that respects the limit never sees one.
 */
final class StrictNotion implements ResponseDefinitionTransformerV2 {

  static final double RATE = 3;
  static final double BURST = 3;

  private final Map<String, double[]> buckets = new HashMap<>();

  @Override
  public String getName() {
    return "strict-notion";
  }

  @Override
  public synchronized ResponseDefinition transform(ServeEvent event) {
    var request = event.getRequest();
    if (!"PATCH".equals(request.getMethod().getName())
        || !request.getUrl().startsWith("/v1/external/object")) {
      return event.getResponseDefinition();
    }
    String token = String.valueOf(request.getHeader("Authorization"));
    double now = System.nanoTime() / 1e9;
    double[] bucket = buckets.computeIfAbsent(token, t -> new double[] {BURST, now});
    bucket[0] = Math.min(BURST, bucket[0] + (now - bucket[1]) * RATE);
    bucket[1] = now;
    if (bucket[0] < 1) {
      return ResponseDefinitionBuilder.responseDefinition()
          .withStatus(429)
          .withHeader("Retry-After", "1")
          .withHeader("Content-Type", "application/json")
          .withBody(
              "{\"object\":\"error\",\"status\":429,\"code\":\"rate_limited\","
                  + "\"message\":\"Rate limited\"}")
          .build();
    }
    bucket[0] -= 1;
    return event.getResponseDefinition();
  }
}
