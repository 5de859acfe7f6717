package io.previewbridge.simulator;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The simulator's JAX-RS application, at the root of simulator.war's context ({@code /simulator}
 * when the WAR is named simulator.war).
 *
 * <p>Deliberately without {@code @LoginConfig}: the simulated Notion API receives {@code
 * Authorization: Bearer ntn_...} (Notion tokens, not PreviewBridge's JWTs), and an MP-JWT mechanism
 * in this application would answer 401 to every such request before a resource saw it. That is why
 * the simulator is a web application of its own and not a part of previewbridge.war.
 */
@ApplicationPath("/")
public class SimulatorApplication extends Application {}
