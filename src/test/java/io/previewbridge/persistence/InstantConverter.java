package io.previewbridge.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * STAND-IN for a converter that belongs in src/main: EclipseLink 4.0 (JPA 3.1, what Payara 6
 * bundles) has no basic mapping for {@link Instant} and serialises it into a byte array, which both
 * H2 and PostgreSQL reject for a {@code TIMESTAMP WITH TIME ZONE} column. Mapping through {@link
 * OffsetDateTime} in UTC keeps the moment exact whatever the JVM's time zone.
 *
 * <p>When the same class exists in src/main (auto-applied, listed by the container's scan), delete
 * this one and list the main one in {@code META-INF/persistence-test.xml} instead.
 */
@Converter(autoApply = true)
public class InstantConverter implements AttributeConverter<Instant, OffsetDateTime> {

  @Override
  public OffsetDateTime convertToDatabaseColumn(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  @Override
  public Instant convertToEntityAttribute(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }
}
