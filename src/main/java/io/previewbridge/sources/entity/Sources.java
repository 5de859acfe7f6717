package io.previewbridge.sources.entity;

import java.util.List;
import java.util.Optional;

/**
 * The parsed sources file: who the developer is and, in file order, the sources a pasted uri is
 * matched against (the first match wins).
 */
public record Sources(String developerName, List<Source> sources) {

  public Sources {
    sources = List.copyOf(sources);
  }

  public Optional<Source> byId(String id) {
    return sources.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** The first source whose pattern finds the uri, with the values of its named groups. */
  public Optional<Source.Match> match(String uri) {
    for (Source source : sources) {
      Optional<Source.Match> match = source.match(uri);
      if (match.isPresent()) {
        return match;
      }
    }
    return Optional.empty();
  }
}
