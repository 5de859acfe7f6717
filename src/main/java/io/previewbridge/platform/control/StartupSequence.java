package io.previewbridge.platform.control;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * The order in which PreviewBridge comes up: schema first, then every feature's {@link SystemReady}
 * observer. Running outside a container transaction lets each observer own its transactions.
 */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StartupSequence {

  @Inject DatabaseMigrator migrator;
  @Inject Event<SystemReady> systemReady;

  @PostConstruct
  void start() {
    migrator.migrate();
    systemReady.fire(new SystemReady());
  }
}
