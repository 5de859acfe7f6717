package io.previewbridge.platform.boundary;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * A form endpoint (a method with {@code @FormParam}s) sent a body without a form {@code
 * Content-Type}: Jersey matches a request without any {@code Content-Type} to it and then fails
 * while extracting the fields (an {@code IllegalStateException}, a 500). This answers 415 before
 * that, the same problem a wrong type gets.
 */
@Provider
public class FormContentTypeRequired implements DynamicFeature {

  @Override
  public void configure(ResourceInfo resource, FeatureContext context) {
    if (readsFormFields(resource.getResourceMethod())) {
      context.register((ContainerRequestFilter) FormContentTypeRequired::refuseOtherTypes);
    }
  }

  /**
   * A method with a {@code @FormParam}, or one that takes the whole form as its entity
   * ({@code @Consumes} the form type only): without a Content-Type, Jersey still calls the latter,
   * with a null form (found by the 10,000-request fuzz run).
   */
  static boolean readsFormFields(Method method) {
    if (method == null) {
      return false;
    }
    Consumes consumes = method.getAnnotation(Consumes.class);
    return Arrays.stream(method.getParameterAnnotations())
            .flatMap(Arrays::stream)
            .map(Annotation::annotationType)
            .anyMatch(FormParam.class::equals)
        || (consumes != null
            && Arrays.equals(
                consumes.value(), new String[] {MediaType.APPLICATION_FORM_URLENCODED}));
  }

  /**
   * Exactly {@code application/x-www-form-urlencoded} (parameters aside), as Jersey's form reader
   * demands. Not {@link MediaType#isCompatible}: a wildcard such as {@code *}{@code /*} is
   * compatible with it, and Jersey then fails on the {@code @FormParam} with a 500 (found by the
   * 10,000-request fuzz run).
   */
  static boolean isForm(MediaType type) {
    return type != null
        && type.getType().equalsIgnoreCase("application")
        && type.getSubtype().equalsIgnoreCase("x-www-form-urlencoded");
  }

  static void refuseOtherTypes(ContainerRequestContext request) {
    if (!isForm(request.getMediaType())) {
      Response.StatusType status = Response.Status.UNSUPPORTED_MEDIA_TYPE;
      request.abortWith(
          Response.fromResponse(
                  Problem.of(
                          status,
                          ProblemMappers.WebApplicationExceptionMapper.slug(status),
                          "Send this form as application/x-www-form-urlencoded.")
                      .toResponse())
              .build());
    }
  }
}
