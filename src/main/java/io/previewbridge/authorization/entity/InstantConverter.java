package io.previewbridge.authorization.entity;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * STAND-IN for a platform converter (it belongs in {@code platform}, which this branch does not
 * own): EclipseLink 4.0 (JPA 3.1, what Payara 6 bundles) has no basic mapping for {@link Instant}
 * and serialises it into bytes, which H2 and PostgreSQL refuse for a {@code TIMESTAMP WITH TIME
 * ZONE} column. Mapping through an {@link OffsetDateTime} in UTC keeps the moment exact whatever
 * the JVM's time zone. Auto-applied to every entity; delete it once platform has its own.
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
