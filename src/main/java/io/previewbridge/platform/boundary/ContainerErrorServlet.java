package io.previewbridge.platform.boundary;

import io.previewbridge.platform.entity.JsonP;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The error page for every error the container answers itself (web.xml {@code <error-page>}s): a
 * request it could not parse (a malformed {@code Content-Type}, a body larger than it takes), a
 * status Jersey sends without a body, an exception that escaped everything else. Payara would
 * answer with its HTML "Error report"; every client of ours gets the same {@code
 * application/problem+json} as from the API, and an escaped exception is logged once under an
 * incident id that the answer repeats, never with its message in the answer.
 */
@WebServlet(ContainerErrorServlet.PATH)
public class ContainerErrorServlet extends HttpServlet {

  static final String PATH = "/errors/container";
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(ContainerErrorServlet.class.getName());

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Throwable thrown = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status;
    if (code == null && thrown == null) {
      status = 404; // asked for directly, not as an error page: there is nothing here
    } else {
      status = code instanceof Integer number && number >= 400 ? number : 500;
      if (thrown != null && status < 500) {
        status = 500;
      }
    }
    if (status == 501 && thrown == null) {
      // HttpServlet's answer to a method it has no doXxx for (PATCH or an invented one on /health,
      // /metrics, /openapi): the method is not allowed on that resource, a client's error. Those
      // servlets only read, so what they allow is known.
      status = 405;
      response.setHeader("Allow", "GET, HEAD, OPTIONS");
    }
    Response.StatusType type = statusType(status);
    JsonObjectBuilder problem =
        JsonP.createObjectBuilder()
            .add("type", "https://previewbridge.io/problems/" + slug(type))
            .add("title", type.getReasonPhrase())
            .add("status", status);
    if (status >= 500) {
      String incident = UUID.randomUUID().toString();
      Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
      LOG.log(
          Level.SEVERE,
          "Incident " + incident + ": the container answered " + status + " to " + uri,
          thrown);
      problem
          .add(
              "detail",
              "Something went wrong on our side; the incident id identifies it in the server log.")
          .add("incident", incident);
    } else {
      problem.add("detail", detail(status, type));
    }
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setContentType(Problem.MEDIA_TYPE);
    response.setCharacterEncoding("UTF-8");
    byte[] body = problem.build().toString().getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    if (!"HEAD".equals(request.getMethod())) {
      response.getOutputStream().write(body);
    }
  }

  static Response.StatusType statusType(int status) {
    Response.StatusType known = Response.Status.fromStatusCode(status);
    if (known != null) {
      return known;
    }
    return new Response.StatusType() {
      @Override
      public int getStatusCode() {
        return status;
      }

      @Override
      public Response.Status.Family getFamily() {
        return Response.Status.Family.familyOf(status);
      }

      @Override
      public String getReasonPhrase() {
        return status >= 500 ? "Server Error" : "Bad Request";
      }
    };
  }

  static String slug(Response.StatusType status) {
    return ProblemMappers.WebApplicationExceptionMapper.slug(status);
  }

  static String detail(int status, Response.StatusType type) {
    return switch (status) {
      case 400 -> "The request is malformed.";
      case 405 -> "This method is not allowed here.";
      case 413 -> "The request body is too large.";
      case 414 -> "The request's address is too long.";
      case 431 -> "The request's headers are too large.";
      default -> ProblemMappers.WebApplicationExceptionMapper.detail(type);
    };
  }
}
