package io.previewbridge.simulator.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * Tells every open simulator page about each PATCH Notion received, as a server-sent event {@code
 * patch} whose data is {@code {uri, status, accepted, message, body}}: the page re-renders the card
 * of that uri without a reload, as Notion updates a preview in place.
 */
@ApplicationScoped
public class LiveUpdates {

  private Sse sse;
  private SseBroadcaster broadcaster;

  /** Registers an open page's event stream (the broadcaster is made from the first one's Sse). */
  public synchronized void subscribe(SseEventSink sink, Sse sse) {
    if (broadcaster == null) {
      this.sse = sse;
      this.broadcaster = sse.newBroadcaster();
    }
    broadcaster.register(sink);
    sink.send(sse.newEventBuilder().name("ready").data(String.class, "{}").build());
  }

  void arrived(@Observes ReceivedPatch patch) {
    SseBroadcaster target;
    Sse events;
    synchronized (this) {
      target = broadcaster;
      events = sse;
    }
    if (target == null) {
      return;
    }
    JsonObjectBuilder data =
        Json.createObjectBuilder()
            .add("status", patch.status())
            .add("accepted", patch.accepted())
            .add("receivedAt", patch.receivedAt().toString());
    if (patch.uri() != null) {
      data.add("uri", patch.uri());
    }
    if (patch.message() != null) {
      data.add("message", patch.message());
    }
    if (patch.body() != null) {
      data.add("body", patch.body());
    }
    target.broadcast(
        events
            .newEventBuilder()
            .name("patch")
            .mediaType(MediaType.TEXT_PLAIN_TYPE)
            .data(String.class, data.build().toString())
            .build());
  }
}
