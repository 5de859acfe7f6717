package io.previewbridge.sources.spi;

import io.previewbridge.unfurl.entity.Section;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * An example {@link PreviewSource}: orders of a shop, kept in code. Order 404 does not exist, order
 * 500 breaks, every other number is an order of the asking account. The sources file names it as
 * {@code "kind": "java", "bean": "example-orders"} with a pattern that has a {@code num} group.
 */
@ApplicationScoped
public class ExampleOrders implements PreviewSource {

  public static final String NAME = "example-orders";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PreviewOutcome preview(PreviewRequest request) {
    String num = request.group("num").orElse("?");
    if (num.equals("404")) {
      return PreviewOutcome.error(404, "No order " + num);
    }
    if (num.equals("500")) {
      throw new IllegalStateException("the order database is down");
    }
    String who = request.account().username() == null ? "someone" : request.account().username();
    return PreviewOutcome.of(
        PreviewAttributes.titled("Order #" + num + " for " + who)
            .enumeration(
                "state",
                "State",
                Integer.parseInt(num) % 2 == 0 ? "Paid" : "Open",
                Integer.parseInt(num) % 2 == 0 ? "seagreen" : "#bf8700")
            .datetime("placed", "Placed", "1715000000")
            .text("number", "Order", "#" + num, Section.IDENTIFIER)
            .text("note", "Note", null, Section.BODY));
  }
}
