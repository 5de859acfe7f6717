package io.previewbridge.platform.boundary;

import io.previewbridge.platform.control.TimerHeartbeat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import javax.naming.InitialContext;
import javax.naming.NamingException;
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

    /** Set while the application starts; until then the check reports DOWN ("starting"). */
    private volatile DataSource dataSource;

    /**
     * Looks the data source up while the application starts, on a thread of the application.
     * WildFly calls health checks on a management thread, where {@code java:comp} of the
     * application cannot be looked up, and it may call them before the application has started: a
     * {@code @Resource} field then failed the bean's creation there (WFLYWELD0049) and the whole
     * health answer with it.
     */
    void createAtStartup(@Observes @Initialized(ApplicationScoped.class) Object started)
        throws NamingException {
      dataSource = (DataSource) new InitialContext().lookup("java:comp/DefaultDataSource");
    }

    @Override
    public HealthCheckResponse call() {
      HealthCheckResponseBuilder response = HealthCheckResponse.named("database");
      DataSource dataSource = this.dataSource;
      if (dataSource == null) {
        return response.down().withData("state", "starting").build();
      }
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
