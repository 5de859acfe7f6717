package io.previewbridge.platform.boundary;

import io.previewbridge.platform.control.TimerHeartbeat;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** MicroProfile Health: ready when the database answers, live while the timers run. */
public final class HealthChecks {

  private HealthChecks() {}

  @Readiness
  @ApplicationScoped
  public static class DatabaseReady implements HealthCheck {

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    /**
     * Creates the check while the application starts. WildFly calls health checks on a management
     * thread, where {@code java:comp} of the application cannot be looked up; created here, the
     * data source is already injected by then.
     */
    void createAtStartup(@Observes @Initialized(ApplicationScoped.class) Object started) {
      // observing is enough: the container instantiates the bean to deliver the event
    }

    @Override
    public HealthCheckResponse call() {
      HealthCheckResponseBuilder response = HealthCheckResponse.named("database");
      try (Connection connection = dataSource.getConnection()) {
        boolean valid = connection.isValid(2);
        return response
            .status(valid)
            .withData("product", connection.getMetaData().getDatabaseProductName())
            .build();
      } catch (SQLException e) {
        return response.down().withData("error", e.getClass().getSimpleName()).build();
      }
    }
  }

  @Liveness
  @ApplicationScoped
  public static class TimersLive implements HealthCheck {

    @Inject TimerHeartbeat heartbeat;
    @Inject Clock clock;

    @Override
    public HealthCheckResponse call() {
      Instant now = clock.instant();
      HealthCheckResponseBuilder response = HealthCheckResponse.named("timers").up();
      boolean allOnTime = true;
      for (var entry : heartbeat.beats().entrySet()) {
        TimerHeartbeat.Beat beat = entry.getValue();
        boolean late = heartbeat.isLate(beat, now);
        allOnTime &= !late;
        response.withData(
            entry.getKey(),
            (late ? "LATE" : "ok")
                + ", last run "
                + (beat.lastBeat() == null ? "never" : beat.lastBeat().toString()));
      }
      return response.status(allOnTime).build();
    }
  }
}
