package io.previewbridge.platform.entity;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonPointer;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

/**
 * What {@link jakarta.json.Json}'s static methods do, with the JSON-P provider looked up once.
 *
 * <p>Each of {@code Json}'s methods calls {@link JsonProvider#provider()}, which searches the class
 * path through {@link java.util.ServiceLoader} every time; in Payara that search goes through the
 * application's and the server's class loaders and their jar files. In change detection it was a
 * quarter of the server's CPU (docs/benchmarks.md, polling): a check builds dozens of JSON values.
 * The provider itself is stateless and safe for concurrent use.
 */
public final class JsonP {

  private static final JsonProvider PROVIDER = JsonProvider.provider();

  private JsonP() {}

  public static JsonObjectBuilder createObjectBuilder() {
    return PROVIDER.createObjectBuilder();
  }

  public static JsonObjectBuilder createObjectBuilder(JsonObject object) {
    return PROVIDER.createObjectBuilder(object);
  }

  public static JsonObjectBuilder createObjectBuilder(Map<String, ?> map) {
    return PROVIDER.createObjectBuilder(map);
  }

  public static JsonArrayBuilder createArrayBuilder() {
    return PROVIDER.createArrayBuilder();
  }

  public static JsonArrayBuilder createArrayBuilder(JsonArray array) {
    return PROVIDER.createArrayBuilder(array);
  }

  public static JsonArrayBuilder createArrayBuilder(Collection<?> values) {
    return PROVIDER.createArrayBuilder(values);
  }

  /**
   * A reader whose every failure is a {@link jakarta.json.JsonException}: Parsson throws a plain
   * {@code RuntimeException} for input nested deeper than it allows (1,000 levels), which callers
   * that catch {@code JsonException} for "not valid JSON" would otherwise let through as a 500.
   */
  public static JsonReader createReader(Reader reader) {
    return new Unreadable(PROVIDER.createReader(reader));
  }

  /** {@link #createReader(Reader)} for bytes. */
  public static JsonReader createReader(InputStream in) {
    return new Unreadable(PROVIDER.createReader(in));
  }

  /** Turns the parser's plain runtime exceptions into {@link jakarta.json.JsonException}s. */
  private record Unreadable(JsonReader reader) implements JsonReader {

    @Override
    public jakarta.json.JsonStructure read() {
      return guarded(reader::read);
    }

    @Override
    public jakarta.json.JsonObject readObject() {
      return guarded(reader::readObject);
    }

    @Override
    public jakarta.json.JsonArray readArray() {
      return guarded(reader::readArray);
    }

    @Override
    public jakarta.json.JsonValue readValue() {
      return guarded(reader::readValue);
    }

    @Override
    public void close() {
      reader.close();
    }

    private static <T> T guarded(java.util.function.Supplier<T> read) {
      try {
        return read.get();
      } catch (jakarta.json.JsonException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new jakarta.json.JsonException("The JSON cannot be read: " + e.getMessage(), e);
      }
    }
  }

  public static JsonWriterFactory createWriterFactory(Map<String, ?> config) {
    return PROVIDER.createWriterFactory(config);
  }

  public static JsonPointer createPointer(String pointer) {
    return PROVIDER.createPointer(pointer);
  }

  public static JsonString createValue(String value) {
    return PROVIDER.createValue(value);
  }

  public static JsonNumber createValue(int value) {
    return PROVIDER.createValue(value);
  }

  public static JsonNumber createValue(long value) {
    return PROVIDER.createValue(value);
  }

  public static JsonNumber createValue(double value) {
    return PROVIDER.createValue(value);
  }

  public static JsonNumber createValue(BigDecimal value) {
    return PROVIDER.createValue(value);
  }
}
