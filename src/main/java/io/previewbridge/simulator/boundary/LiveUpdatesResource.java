package io.previewbridge.simulator.boundary;

import io.previewbridge.simulator.control.LiveUpdates;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/** {@code GET /simulator/api/events}: the server-sent events of {@link LiveUpdates}. */
@RequestScoped
@Path("api/events")
public class LiveUpdatesResource {

  @Inject LiveUpdates live;

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void events(@Context SseEventSink sink, @Context Sse sse) {
    live.subscribe(sink, sse);
  }
}
