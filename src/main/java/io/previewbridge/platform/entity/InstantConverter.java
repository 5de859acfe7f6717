package io.previewbridge.platform.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Maps every {@link Instant} attribute of every entity. EclipseLink 4.0 (JPA 3.1, what Payara 6
 * bundles) has no basic mapping for {@code Instant} and would serialise it into bytes, which H2 and
 * PostgreSQL refuse for a {@code TIMESTAMP WITH TIME ZONE} column. Going through an {@link
 * OffsetDateTime} in UTC keeps the moment exact whatever the JVM's time zone.
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
