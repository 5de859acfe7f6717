package io.previewbridge.sources.control;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last answer of each fetch whose upstream gave an {@code ETag} or {@code Last-Modified}, so
 * the next fetch of the same request (an unfurl after the cache expired, a change-detection
 * re-check) can ask conditionally and reuse the body on {@code 304 Not Modified}.
 *
 * <p>Keyed by a digest of the rendered request (method, URL, headers, body): two accounts whose
 * requests differ never share an entry. Bounded by count and total bytes, least recently used first
 * out; memory only, lost on restart (the next fetch is then unconditional).
 */
final class RevalidationStore {

  /** What a conditional request needs, and the body a 304 stands for. */
  record Entry(String etag, String lastModified, byte[] body, String contentType) {}

  private final int maxEntries;
  private final long maxBytes;
  private long bytes;

  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);

  RevalidationStore(int maxEntries, long maxBytes) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  synchronized Optional<Entry> get(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  synchronized void put(String key, Entry entry) {
    if (entry.body().length > maxBytes / 4) {
      remove(key); // too large to be worth keeping; a stale entry must not survive either
      return;
    }
    Entry old = entries.put(key, entry);
    if (old != null) {
      bytes -= old.body().length;
    }
    bytes += entry.body().length;
    var it = entries.entrySet().iterator();
    while ((entries.size() > maxEntries || bytes > maxBytes) && it.hasNext()) {
      Map.Entry<String, Entry> eldest = it.next();
      bytes -= eldest.getValue().body().length;
      it.remove();
    }
  }

  synchronized void remove(String key) {
    Entry old = entries.remove(key);
    if (old != null) {
      bytes -= old.body().length;
    }
  }

  synchronized int size() {
    return entries.size();
  }
}
