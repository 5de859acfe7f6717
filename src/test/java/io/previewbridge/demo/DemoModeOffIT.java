package io.previewbridge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.testing.Deployments;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Outside demo mode the demo product and the simulator do not exist. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DemoModeOffIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    var config = Deployments.baseConfig();
    config.put("previewbridge.sources", "classpath:demo/sources.json");
    config.put("previewbridge.demo.upstream-url", "http://localhost:8080");
    return Deployments.previewBridge(config);
  }

  @ArquillianResource URL base;

  @Test
  void demoAndSimulatorPathsAnswer404Problems() {
    DemoHttp http = new DemoHttp(base);
    for (HttpResponse<String> response :
        List.of(
            http.get("/demo"),
            http.get("/demo/api/items"),
            http.get("/demo/items/task-12"),
            http.get("/demo/charts/chart-1"),
            http.json("PUT", "/demo/api/items/task-12", "{\"title\":\"x\"}"),
            http.get("/simulator/api/patches"),
            http.json("POST", "/simulator/v1/oauth/token", "{}"))) {
      assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(404);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      assertThat(response.body()).doesNotContain("Login fails");
    }
  }
}
