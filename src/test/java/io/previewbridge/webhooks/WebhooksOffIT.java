package io.previewbridge.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.testing.Deployments;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Without {@code previewbridge.webhooks.secret} (the default, demo mode included) nobody can
 * trigger checks: the endpoint says it is off, whatever the request carries.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WebhooksOffIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    Map<String, String> config = Deployments.baseConfig();
    config.put("previewbridge.demo", "true");
    config.put("previewbridge.sources", "classpath:demo/sources.json");
    config.put("previewbridge.demo.upstream-url", "http://localhost:8080");
    return Deployments.previewBridge(config);
  }

  @ArquillianResource URL base;

  @Test
  void withoutASecretTheEndpointAnswers404SayingWhy() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(base.toString().replaceAll("/$", "") + "/webhooks/changes"))
                    .header("Content-Type", "application/json")
                    .header("X-PreviewBridge-Timestamp", "1764064800")
                    .header("X-PreviewBridge-Signature", "sha256=" + "0".repeat(64))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"uri\":\"https://a.example\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(response.body())
        .contains("webhooks-disabled")
        .contains("previewbridge.webhooks.secret");
  }
}
