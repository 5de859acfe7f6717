package io.previewbridge.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import jakarta.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test double of a company's ticket tracker and of Notion's token endpoint, on one WireMock server:
 * the ticket source of the loop tests ({@code https://tracker.acme.test/tickets/N}, fetched from
 * {@code <wiremock>/tickets/N}, re-checked every second), tickets the test changes at will, and a
 * Notion that trades any code for a fixed token.
 */
public final class AcmeTracker {

  private final WireMockServer server;

  public AcmeTracker(WireMockServer server) {
    this.server = server;
  }

  /** The pasted link of ticket {@code number}. */
  public static String uri(int number) {
    return "https://tracker.acme.test/tickets/" + number;
  }

  /** The tracker now answers ticket {@code number} with this title and state. */
  public void ticket(int number, String title, String state) {
    server.stubFor(
        get(urlPathEqualTo("/tickets/" + number))
            .willReturn(
                json(
                    Json.createObjectBuilder()
                        .add("title", title)
                        .add("state", state)
                        .add("updated_at", "2026-11-20T10:15:00Z")
                        .add("body", "Reported by support.")
                        .build()
                        .toString())));
  }

  /** Notion's {@code POST /v1/oauth/token} answers every code with {@code notionToken}. */
  public void notionIssues(String notionToken, String workspaceId) {
    server.stubFor(
        post(urlPathEqualTo("/v1/oauth/token"))
            .willReturn(
                json(
                    Json.createObjectBuilder()
                        .add("access_token", notionToken)
                        .add("token_type", "bearer")
                        .add("bot_id", "bot-1")
                        .add("workspace_id", workspaceId)
                        .add("workspace_name", "Acme Space")
                        .add("workspace_icon", "🚀")
                        .add(
                            "owner",
                            Json.createObjectBuilder()
                                .add("type", "workspace")
                                .add("workspace", true))
                        .addNull("duplicated_template_id")
                        .build()
                        .toString())));
  }

  /** The sources file of the ticket source, written to a temporary file. */
  public Path sourcesFile(String developerName) {
    try {
      Path file = Files.createTempFile("previewbridge-sources", ".json");
      Files.writeString(file, sourcesJson(developerName), StandardCharsets.UTF_8);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String sourcesJson(String developerName) {
    return """
        {
          "developerName": "%s",
          "sources": [{
            "id": "ticket",
            "pattern": "^https://tracker\\\\.acme\\\\.test/tickets/(?<num>\\\\d+)$",
            "samples": ["https://tracker.acme.test/tickets/42"],
            "fetch": { "url": "%s/tickets/{num}" },
            "refresh": "PT1S",
            "attributes": [
              { "id": "title", "type": "title", "value": "{/title}" },
              { "id": "state", "name": "State", "type": "enum", "value": "{/state}", "section": "primary",
                "colors": { "open": "#1f883d", "closed": "#8250df" } },
              { "id": "updated", "name": "Updated", "type": "datetime", "value": "{/updated_at}", "section": "secondary" },
              { "id": "number", "name": "Ticket", "type": "plain_text", "value": "#{num}", "section": "identifier" },
              { "id": "body", "name": "Description", "type": "plain_text", "value": "{/body}", "section": "body" }
            ],
            "errors": { "404": "Ticket not found", "403": "You can't see this ticket" }
          }]
        }
        """
        .formatted(developerName, server.baseUrl());
  }

  public static ResponseDefinitionBuilder json(String body) {
    return aResponse().withHeader("Content-Type", "application/json").withBody(body);
  }
}
