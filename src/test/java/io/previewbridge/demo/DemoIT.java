package io.previewbridge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.testing.Deployments;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The demo product as its users and the demo sources file see it, in demo mode. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DemoIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    var config = Deployments.baseConfig();
    config.put("previewbridge.demo", "true");
    config.put("previewbridge.sources", "classpath:demo/sources.json");
    config.put("previewbridge.notion.api-url", "http://localhost:8080/simulator");
    config.put("previewbridge.demo.upstream-url", "http://localhost:8080");
    return Deployments.previewBridge(config);
  }

  @ArquillianResource URL base;

  DemoHttp http() {
    return new DemoHttp(base);
  }

  static JsonObject json(HttpResponse<String> response) {
    return Json.createReader(new StringReader(response.body())).readObject();
  }

  @Test
  void listsTwoItemsOfEveryKindWithTheirPageUrls() {
    HttpResponse<String> response = http().get("/demo/api/items");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    var items = json(response).getJsonArray("items").getValuesAs(JsonObject.class);
    assertThat(items)
        .extracting(i -> i.getString("kind"))
        .containsExactly(
            "task", "task", "design", "design", "chart", "chart", "message", "message", "run",
            "run");
    assertThat(items)
        .allSatisfy(
            i ->
                assertThat(i.getString("url"))
                    .isEqualTo("http://localhost:8080/demo/items/" + i.getString("id")));
  }

  @Test
  void anItemCarriesWhatItsPreviewShows() {
    JsonObject task = json(http().get("/demo/api/items/task-12"));
    assertThat(task.getString("identifier")).isEqualTo("TASK-12");
    assertThat(task.getString("status")).isIn("To do", "In progress", "In review", "Done");
    assertThat(task.getString("due")).matches("\\d{4}-\\d{2}-\\d{2}");
    assertThat(task.getString("updated"))
        .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    String avatar = task.getJsonObject("assignee").getString("avatarUrl");
    assertThat(avatar).startsWith("http://localhost:8080/demo/images/avatars/").endsWith(".svg");

    HttpResponse<String> image = http().get(avatar.substring("http://localhost:8080".length()));
    assertThat(image.statusCode()).isEqualTo(200);
    assertThat(image.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
    assertThat(image.body()).startsWith("<svg").contains(">AL</text>");

    JsonObject design = json(http().get("/demo/api/items/design-2"));
    String preview = design.getString("previewUrl").substring("http://localhost:8080".length());
    assertThat(http().get(preview).body()).contains("Mobile navigation icons");
    JsonObject run = json(http().get("/demo/api/items/run-128"));
    assertThat(run.getString("state")).isEqualTo("Success");
    assertThat(run.getString("duration")).isEqualTo("3m 12s");
  }

  @Test
  void putReplacesTheEditableFieldsAndStampsTheUpdateTime() {
    Instant before =
        Instant.parse(json(http().get("/demo/api/items/task-13")).getString("updated"));
    HttpResponse<String> put =
        http()
            .json(
                "PUT",
                "/demo/api/items/task-13",
                "{\"title\":\"Send the onboarding email\",\"status\":\"In review\",\"due\":\"2027-01-15\","
                    + "\"assignee\":\"Chen Wei\",\"description\":\"Draft is ready\"}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    JsonObject after = json(http().get("/demo/api/items/task-13"));
    assertThat(after.getString("title")).isEqualTo("Send the onboarding email");
    assertThat(after.getString("status")).isEqualTo("In review");
    assertThat(after.getJsonObject("assignee").getString("name")).isEqualTo("Chen Wei");
    assertThat(Instant.parse(after.getString("updated"))).isAfter(before);
  }

  @Test
  void badInputIsRefusedFieldByFieldAndChangesNothing() {
    String title = json(http().get("/demo/api/items/message-2")).getString("text");
    HttpResponse<String> put =
        http()
            .json(
                "PUT",
                "/demo/api/items/message-2",
                "{\"text\":\"\",\"author\":\"Ana\",\"channel\":\"Not A Channel\",\"colour\":1}");
    assertThat(put.statusCode()).isEqualTo(400);
    assertThat(put.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(json(put).getJsonArray("errors").getValuesAs(JsonObject.class))
        .extracting(e -> e.getString("field"))
        .containsExactlyInAnyOrder("text", "channel", "colour");
    assertThat(json(http().get("/demo/api/items/message-2")).getString("text")).isEqualTo(title);

    HttpResponse<String> notJson = http().json("PUT", "/demo/api/items/message-2", "{\"text\": ");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).contains("problems/").doesNotContain("Exception");
  }

  @Test
  void unknownItemsAre404Problems() {
    for (HttpResponse<String> response :
        List.of(
            http().get("/demo/api/items/task-999"),
            http().get("/demo/api/items/nothing"),
            http().json("PUT", "/demo/api/items/task-999", "{\"title\":\"x\"}"),
            http().get("/demo/items/chart-77"),
            http().get("/demo/charts/task-12"))) {
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }
  }

  @Test
  void pagesRenderAndTheFormSavesWithARedirect() {
    HttpResponse<String> list = http().get("/demo");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body())
        .contains("Login fails on Safari")
        .contains("http://localhost:8080/demo/items/run-129");

    HttpResponse<String> page = http().get("/demo/items/design-1");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("<form")
        .contains("name=\"accent\"")
        .contains("/demo/images/designs/design-1.svg");

    HttpResponse<String> saved =
        http()
            .form(
                "/demo/items/design-1", "title=Checkout+v2&lastEditor=Dara+Silva&accent=%23ff0000");
    assertThat(saved.statusCode()).isEqualTo(303);
    assertThat(saved.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/demo/items/design-1?saved=1"));
    assertThat(http().get("/demo/items/design-1?saved=1").body())
        .contains("Checkout v2")
        .contains("Saved.");

    HttpResponse<String> refused =
        http().form("/demo/items/design-1", "title=&lastEditor=Dara&accent=red");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body())
        .contains("must not be empty")
        .contains("must be a colour like #7c3aed");
    assertThat(json(http().get("/demo/api/items/design-1")).getString("title"))
        .isEqualTo("Checkout v2");
  }

  @Test
  void chartPagesMayBeFramedByNotionAndNothingElse() {
    HttpResponse<String> chart = http().get("/demo/charts/chart-1");
    assertThat(chart.statusCode()).isEqualTo(200);
    assertThat(chart.body()).contains("<svg").contains("Weekly active users");
    assertThat(chart.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            csp ->
                assertThat(csp)
                    .contains("frame-ancestors 'self' https://www.notion.so https://notion.so;"));
    assertThat(chart.headers().allValues("X-Frame-Options")).doesNotContain("DENY");

    HttpResponse<String> item = http().get("/demo/items/chart-1");
    assertThat(item.headers().firstValue("Content-Security-Policy"))
        .hasValue("frame-ancestors 'none'");
    assertThat(item.body()).contains("<iframe").contains("src=\"/demo/charts/chart-1?v");
  }
}
