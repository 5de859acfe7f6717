package io.previewbridge.sources.control;

import io.previewbridge.credentials.entity.AuthServer;
import io.previewbridge.credentials.entity.UpstreamCredential;
import io.previewbridge.sources.entity.AttributeSpec;
import io.previewbridge.sources.entity.Fetch;
import io.previewbridge.sources.entity.Restriction;
import io.previewbridge.sources.entity.Source;
import io.previewbridge.sources.entity.SourceAuth;
import io.previewbridge.sources.entity.Template;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The parts of the sources file that say who may see what: a source's {@code auth} (fetch as the
 * server or as the person), its {@code restricted} rule (what a private object's card shows), the
 * attributes marked {@code public}, and the file's {@code providers} (the products' own OAuth
 * servers). Problems go to the same list as the rest of the file, each with its JSON path.
 */
final class SourceAccessParser {

  static final Set<String> AUTH_KEYS = Set.of("kind", "audience", "scope", "provider");
  static final Set<String> RESTRICTED_KEYS =
      Set.of("when", "values", "status", "policy", "message", "title");
  static final Set<String> PROVIDER_KEYS =
      Set.of(
          "id",
          "name",
          "issuer",
          "authorizationEndpoint",
          "tokenEndpoint",
          "clientId",
          "clientSecret",
          "scopes",
          "authParams");

  private final SourcesParser file;

  /** The values sources may use ({@link SourcesConfig}). */
  private final Function<String, Optional<String>> config;

  /** The whole configuration, read only for how people sign in (no secret). */
  private final Function<String, Optional<String>> settings;

  SourceAccessParser(
      SourcesParser file,
      Function<String, Optional<String>> config,
      Function<String, Optional<String>> settings) {
    this.file = file;
    this.config = config;
    this.settings = settings;
  }

  /** The {@code providers} array (may be absent). */
  List<AuthServer> providers(JsonObject top) {
    List<AuthServer> providers = new ArrayList<>();
    JsonArray array = file.array(top, "providers", "$", false);
    if (array == null) {
      return providers;
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String path = "$.providers[" + i + "]";
      if (array.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
        file.problem(path, "must be an object");
        continue;
      }
      JsonObject object = array.get(i).asJsonObject();
      file.unknownKeys(object, PROVIDER_KEYS, path);
      String id = file.requiredString(object, "id", path);
      if (id != null) {
        if (!SourcesParser.ID.matcher(id).matches()) {
          file.problem(path + ".id", "must be 1-100 letters, digits, '.', '_' or '-'");
        } else if (id.equals(UpstreamCredential.IDP)) {
          file.problem(path + ".id", "\"idp\" is the company's identity provider; use another id");
        } else if (!ids.add(id)) {
          file.problem(path + ".id", "\"" + id + "\" is used by an earlier provider");
        }
      }
      String name = file.optionalString(object, "name", path);
      Optional<String> issuer = url(object, "issuer", path);
      Optional<String> authorization = url(object, "authorizationEndpoint", path);
      Optional<String> token = url(object, "tokenEndpoint", path);
      if (issuer.isEmpty() && (authorization.isEmpty() || token.isEmpty())) {
        file.problem(
            path,
            "needs \"issuer\" (its endpoints are discovered there) or both"
                + " \"authorizationEndpoint\" and \"tokenEndpoint\"");
      }
      String clientId = file.requiredString(object, "clientId", path);
      String secretText = file.optionalString(object, "clientSecret", path);
      Optional<String> secret =
          secretText == null
              ? Optional.empty()
              : Optional.of(file.expandConfig(secretText, path + ".clientSecret", false));
      List<String> scopes = scopes(object, path);
      Map<String, String> params = stringMap(object, "authParams", path);
      if (id != null && clientId != null) {
        providers.add(
            new AuthServer(
                id,
                name == null ? id : name,
                issuer,
                authorization.map(URI::create),
                token.map(URI::create),
                file.expandConfig(clientId, path + ".clientId", false),
                secret.filter(s -> !s.isBlank()),
                scopes,
                params));
      }
    }
    return providers;
  }

  /** A source's {@code auth}; {@link SourceAuth#SERVICE} when absent. */
  SourceAuth auth(
      JsonObject source,
      String path,
      Source.Kind kind,
      Optional<Fetch> fetch,
      Set<String> providerIds) {
    JsonValue value = source.get("auth");
    if (value == null) {
      return SourceAuth.SERVICE;
    }
    String authPath = path + ".auth";
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      file.problem(authPath, "must be an object with \"kind\"");
      return SourceAuth.SERVICE;
    }
    JsonObject object = value.asJsonObject();
    file.unknownKeys(object, AUTH_KEYS, authPath);
    String kindText = file.requiredString(object, "kind", authPath);
    Optional<SourceAuth.Kind> parsed =
        kindText == null ? Optional.empty() : SourceAuth.Kind.fromJson(kindText);
    if (kindText != null && parsed.isEmpty()) {
      file.problem(
          authPath + ".kind",
          "\""
              + kindText
              + "\" is not an auth kind; use one of service, user-token, token-exchange, oauth");
    }
    SourceAuth.Kind authKind = parsed.orElse(SourceAuth.Kind.SERVICE);
    Optional<String> audience =
        Optional.ofNullable(file.optionalString(object, "audience", authPath));
    Optional<String> scope = Optional.ofNullable(file.optionalString(object, "scope", authPath));
    Optional<String> provider =
        Optional.ofNullable(file.optionalString(object, "provider", authPath));
    if (authKind != SourceAuth.Kind.TOKEN_EXCHANGE) {
      audience.ifPresent(
          a -> file.problem(authPath + ".audience", "applies only to token-exchange"));
      scope.ifPresent(s -> file.problem(authPath + ".scope", "applies only to token-exchange"));
    } else if (audience.isEmpty()) {
      file.problem(
          authPath + ".audience",
          "is required for token-exchange: the upstream the exchanged token is meant for");
    }
    if (authKind == SourceAuth.Kind.OAUTH) {
      if (provider.isEmpty()) {
        file.problem(
            authPath + ".provider", "is required for oauth: the id of a \"providers\" entry");
      } else if (!providerIds.contains(provider.get())) {
        file.problem(
            authPath + ".provider",
            "\""
                + provider.get()
                + "\" is not declared under \"providers\""
                + (providerIds.isEmpty()
                    ? " (there are none)"
                    : " (declared: " + String.join(", ", providerIds) + ")"));
      }
    } else {
      provider.ifPresent(p -> file.problem(authPath + ".provider", "applies only to oauth"));
    }
    SourceAuth auth = new SourceAuth(authKind, audience, scope, provider);
    if (auth.asPerson()) {
      checkAsPerson(auth, authPath, path, kind, fetch);
    }
    return auth;
  }

  private void checkAsPerson(
      SourceAuth auth, String authPath, String path, Source.Kind kind, Optional<Fetch> fetch) {
    if ((auth.kind() == SourceAuth.Kind.USER_TOKEN || auth.kind() == SourceAuth.Kind.TOKEN_EXCHANGE)
        && !identityProviderConfigured()) {
      file.problem(
          authPath + ".kind",
          auth.kind().json()
              + " needs the company's OpenID Connect provider: set previewbridge.identity.mode to"
              + " oidc or both, and previewbridge.identity.oidc.issuer");
    }
    if (kind == Source.Kind.HTML_META) {
      file.problem(
          authPath + ".kind",
          "an html-meta source fetches the pasted link, and a person's token is only sent to a"
              + " host written in fetch.url; use a json source");
      return;
    }
    if (kind == Source.Kind.JAVA || fetch.isEmpty()) {
      return;
    }
    Optional<String> host =
        DestinationPolicy.declaredHost(
            fetch.get().url(),
            part ->
                part instanceof Template.ConfigRef c ? config.apply(c.key()) : Optional.empty());
    if (host.isEmpty()) {
      file.problem(
          path + ".fetch.url",
          "must name its host literally (or through {config:...}) when the fetch carries a"
              + " person's token: a host from the pasted link could take it elsewhere");
    }
    for (String header : fetch.get().headers().keySet()) {
      if (header.equalsIgnoreCase("Authorization")) {
        file.problem(
            path + ".fetch.headers." + header,
            "the person's token is sent in Authorization; remove this header or use"
                + " \"auth\": {\"kind\": \"service\"}");
      }
    }
  }

  private boolean identityProviderConfigured() {
    String mode =
        settings
            .apply("previewbridge.identity.mode")
            .orElse("built-in")
            .trim()
            .toLowerCase(Locale.ROOT);
    return !mode.equals("built-in")
        && settings
            .apply("previewbridge.identity.oidc.issuer")
            .filter(i -> !i.isBlank())
            .isPresent();
  }

  /** A source's {@code restricted}; {@link Restriction#NONE} when absent. */
  Restriction restricted(
      JsonObject source,
      String path,
      Source.Kind kind,
      Set<String> groups,
      boolean fetches,
      List<AttributeSpec> attributes) {
    JsonValue value = source.get("restricted");
    String rPath = path + ".restricted";
    boolean anyPublic = attributes.stream().anyMatch(AttributeSpec::isPublic);
    if (value == null) {
      if (anyPublic) {
        file.problem(
            path + ".attributes",
            "marks attributes \"public\", but the source has no \"restricted\" rule that uses"
                + " them");
      }
      return Restriction.NONE;
    }
    if (kind == Source.Kind.JAVA) {
      file.problem(rPath, "a java source decides itself what a private object's card shows");
      return Restriction.NONE;
    }
    if (kind == Source.Kind.HTML_META) {
      file.problem(rPath, "applies to json sources, which read how the upstream marks an object");
      return Restriction.NONE;
    }
    if (value instanceof JsonString s) {
      if (anyPublic) {
        publicNeedsLimited(path, Restriction.Policy.DENY);
      }
      return new Restriction(
          Optional.of(when(s.getString(), rPath, groups, fetches)),
          Set.of(),
          Set.of(),
          Restriction.Policy.DENY,
          Restriction.DEFAULT_MESSAGE,
          Restriction.DEFAULT_TITLE);
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      file.problem(
          rPath, "must be a template such as \"{/confidential}\" or an object with \"when\"");
      return Restriction.NONE;
    }
    JsonObject object = value.asJsonObject();
    file.unknownKeys(object, RESTRICTED_KEYS, rPath);
    String whenText = file.optionalString(object, "when", rPath);
    Optional<Template> when =
        whenText == null
            ? Optional.empty()
            : Optional.of(when(whenText, rPath + ".when", groups, fetches));
    Set<String> values = new LinkedHashSet<>();
    JsonArray valueArray = file.array(object, "values", rPath, false);
    if (valueArray != null) {
      if (whenText == null) {
        file.problem(rPath + ".values", "compares the value of \"when\", which is missing");
      }
      for (int i = 0; i < valueArray.size(); i++) {
        if (valueArray.get(i) instanceof JsonString v) {
          values.add(v.getString().trim());
        } else {
          file.problem(rPath + ".values[" + i + "]", "must be a string");
        }
      }
    }
    Set<Integer> statuses = statuses(object, rPath);
    if (whenText == null && statuses.isEmpty()) {
      file.problem(
          rPath,
          "needs \"when\" (a template over the fetched data) or \"status\" (upstream statuses)");
    }
    Restriction.Policy policy = Restriction.Policy.DENY;
    String policyText = file.optionalString(object, "policy", rPath);
    if (policyText != null) {
      Optional<Restriction.Policy> p = Restriction.Policy.fromJson(policyText);
      if (p.isEmpty()) {
        file.problem(
            rPath + ".policy",
            "\"" + policyText + "\" is not a policy; use one of deny, limited, allow");
      } else {
        policy = p.get();
      }
    }
    if (anyPublic && policy != Restriction.Policy.LIMITED) {
      publicNeedsLimited(path, policy);
    }
    String message = file.optionalString(object, "message", rPath);
    String title = file.optionalString(object, "title", rPath);
    return new Restriction(
        when,
        values,
        statuses,
        policy,
        message == null ? Restriction.DEFAULT_MESSAGE : message,
        title == null
            ? Restriction.DEFAULT_TITLE
            : file.template(title, rPath + ".title", groups, false));
  }

  private void publicNeedsLimited(String path, Restriction.Policy policy) {
    file.problem(
        path + ".attributes",
        "marks attributes \"public\", which only the policy \"limited\" uses (this source's is "
            + policy.json()
            + ")");
  }

  private Template when(String text, String path, Set<String> groups, boolean fetches) {
    Template template = file.template(text, path, groups, true);
    if (!fetches && !template.partsOf(Template.Pointer.class).isEmpty()) {
      file.problem(path, "uses a JSON pointer but the source has no \"fetch\"");
    }
    if (!template.partsOf(Template.ConfigRef.class).isEmpty()) {
      file.problem(path, "cannot use {config:...}: whether an object is private is upstream data");
    }
    return template;
  }

  private Set<Integer> statuses(JsonObject object, String path) {
    Set<Integer> statuses = new LinkedHashSet<>();
    JsonValue value = object.get("status");
    if (value == null) {
      return statuses;
    }
    List<JsonValue> items =
        value.getValueType() == JsonValue.ValueType.ARRAY ? value.asJsonArray() : List.of(value);
    for (JsonValue item : items) {
      if (item instanceof JsonNumber n
          && n.isIntegral()
          && n.intValue() >= 400
          && n.intValue() <= 599) {
        statuses.add(n.intValue());
      } else {
        file.problem(path + ".status", "must be an HTTP error status 400-599, or an array of them");
      }
    }
    return statuses;
  }

  /** An attribute's {@code public} flag. */
  boolean isPublic(JsonObject attribute, String path) {
    JsonValue value = attribute.get("public");
    if (value == null) {
      return false;
    }
    if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
      file.problem(path + ".public", "must be true or false");
      return false;
    }
    return value == JsonValue.TRUE;
  }

  private Optional<String> url(JsonObject object, String key, String path) {
    String text = file.optionalString(object, key, path);
    if (text == null) {
      return Optional.empty();
    }
    String expanded = file.expandConfig(text, path + "." + key, false).trim();
    try {
      URI uri = new URI(expanded);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
        // an issuer is compared exactly with what its discovery document says: kept as written
        return Optional.of(expanded);
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    file.problem(path + "." + key, "must be an http(s) URL");
    return Optional.empty();
  }

  private List<String> scopes(JsonObject object, String path) {
    JsonValue value = object.get("scopes");
    List<String> scopes = new ArrayList<>();
    if (value == null) {
      return scopes;
    }
    if (value instanceof JsonString s) {
      for (String scope : s.getString().trim().split("\\s+")) {
        if (!scope.isEmpty()) {
          scopes.add(scope);
        }
      }
      return scopes;
    }
    if (value.getValueType() != JsonValue.ValueType.ARRAY) {
      file.problem(
          path + ".scopes", "must be an array of scope names or one space-separated string");
      return scopes;
    }
    JsonArray array = value.asJsonArray();
    for (int i = 0; i < array.size(); i++) {
      if (array.get(i) instanceof JsonString s
          && s.getString().matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+")) {
        scopes.add(s.getString());
      } else {
        file.problem(path + ".scopes[" + i + "]", "must be a scope name (no spaces or quotes)");
      }
    }
    return scopes;
  }

  private Map<String, String> stringMap(JsonObject object, String key, String path) {
    Map<String, String> map = new LinkedHashMap<>();
    JsonValue value = object.get(key);
    if (value == null) {
      return map;
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      file.problem(path + "." + key, "must be an object of parameter names to string values");
      return map;
    }
    for (var entry : value.asJsonObject().entrySet()) {
      if (entry.getValue() instanceof JsonString s) {
        map.put(entry.getKey(), s.getString());
      } else {
        file.problem(path + "." + key + "." + entry.getKey(), "must be a string");
      }
    }
    return map;
  }
}
