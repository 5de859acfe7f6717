package io.previewbridge.simulator.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** The simulator's clock (its own: it shares no beans with PreviewBridge). */
@ApplicationScoped
public class SimulatorClock {

  @Produces
  Clock clock() {
    return Clock.systemUTC();
  }
}
