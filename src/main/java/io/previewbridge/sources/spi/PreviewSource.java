package io.previewbridge.sources.spi;

/**
 * Builds previews in Java for the sources file's entries with {@code "kind": "java"} and {@code
 * "bean": "<name>"}. Implementations are CDI beans with a bean-defining annotation (for example
 * {@code @ApplicationScoped}); PreviewBridge finds them all at deployment and refuses to start when
 * the sources file names one that is not deployed, or when two share a name.
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class Orders implements PreviewSource {
 *   public String name() { return "orders"; }
 *
 *   public PreviewOutcome preview(PreviewRequest request) {
 *     Order order = shop.find(request.groups().get("num"));
 *     if (order == null) return PreviewOutcome.error(404, "No such order");
 *     return PreviewOutcome.of(PreviewAttributes.titled(order.title())
 *         .enumeration("state", "State", order.state(), "#1a7f37")
 *         .datetime("placed", "Placed", order.placedAt().toString()));
 *   }
 * }
 * }</pre>
 *
 * <p>Implementations must be thread-safe: one instance may serve many unfurls at once.
 */
public interface PreviewSource {

  /** The name the sources file's {@code "bean"} refers to; unique among the deployed beans. */
  String name();

  /**
   * The preview of one pasted uri for one account: attributes (a title at least; {@code dev} is
   * added) or an error for Notion to show. An exception counts as a 500 error.
   */
  PreviewOutcome preview(PreviewRequest request);
}
