/**
 * The Java SPI of sources: implement {@link io.previewbridge.sources.spi.PreviewSource} as a CDI
 * bean in the WAR (or a jar in {@code WEB-INF/lib}) and name it in the sources file.
 *
 * <pre>{@code
 * { "id": "orders", "kind": "java", "bean": "orders",
 *   "pattern": "^https://shop\\.example/orders/(?<num>\\d+)$",
 *   "samples": ["https://shop.example/orders/42"], "refresh": "PT5M" }
 * }</pre>
 *
 * <p>Decisions: the sources file, not the bean, declares id, pattern, samples and refresh, so that
 * matching stays in file order, the start-up check covers Java sources too (an unknown {@code bean}
 * stops the deployment) and the Notion settings page lists them like any other source. The bean
 * declares only its {@link io.previewbridge.sources.spi.PreviewSource#name() name}. PreviewBridge
 * adds the {@code dev} attribute and validates the result against Notion's rules as it does for
 * declarative sources; an exception from a bean becomes a 500 error operation, never a failed
 * unfurl. Beans run on the request thread: keep them fast, bound their own I/O.
 *
 * <p>Not here: the bean does not get the connection or Notion's token; tracking and pushing updates
 * work on what the bean returns, re-asked every {@code refresh}.
 */
package io.previewbridge.sources.spi;
