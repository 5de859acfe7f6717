package io.previewbridge.sources.entity;

import io.previewbridge.credentials.entity.AuthServer;
import java.util.List;
import java.util.Optional;

/**
 * The parsed sources file: who the developer is, in file order the sources a pasted uri is matched
 * against (the first match wins), and the products' own OAuth servers ({@code providers}) that
 * {@code oauth} sources fetch through.
 */
public record Sources(String developerName, List<Source> sources, List<AuthServer> providers) {

  public Sources {
    sources = List.copyOf(sources);
    providers = List.copyOf(providers);
  }

  public Sources(String developerName, List<Source> sources) {
    this(developerName, sources, List.of());
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
