package io.previewbridge.simulator.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * One log line when simulator.war starts, with the address to open: the README's first command
 * prints it, so a new user sees where the Notion page is.
 */
@ApplicationScoped
public class StartupLine {

  private static final Logger LOG = Logger.getLogger(StartupLine.class.getName());

  @Inject Addresses addresses;

  void started(@Observes @Initialized(ApplicationScoped.class) Object application) {
    LOG.info(
        () ->
            "Notion simulator ready: open "
                + addresses.self()
                + "/ and paste a link of "
                + addresses.previewBridge()
                + "/demo (sign in as demo/demo when asked)");
  }
}
