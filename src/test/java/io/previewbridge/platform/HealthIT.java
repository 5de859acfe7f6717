package io.previewbridge.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.testing.Deployments;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HealthIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    var config = Deployments.baseConfig();
    config.put("previewbridge.sources", "classpath:demo/sources.json");
    return Deployments.previewBridge(config);
  }

  @ArquillianResource URL base;

  final HttpClient http = HttpClient.newHttpClient();

  String get(String path, int expectedStatus) throws Exception {
    URI uri = URI.create(base.toString().replaceAll("/$", "") + path);
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as("GET %s -> %s", path, response.body())
        .isEqualTo(expectedStatus);
    return response.body();
  }

  @Test
  void readyWhenTheDatabaseAnswersAndLiveWhileTheTimersRun() throws Exception {
    String server = base.getProtocol() + "://" + base.getHost() + ":" + base.getPort();
    HttpResponse<String> ready =
        http.send(
            HttpRequest.newBuilder(URI.create(server + "/health/ready")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("\"database\"").contains("\"UP\"");

    HttpResponse<String> live =
        http.send(
            HttpRequest.newBuilder(URI.create(server + "/health/live")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body())
        .contains("\"timers\"")
        .contains("change-detection")
        .contains("delivery");
  }

  @Test
  void unknownPathsAnswerProblemJson() throws Exception {
    String body = get("/no/such/thing", 404);
    assertThat(body).contains("\"status\":404").contains("problems/");
  }
}
