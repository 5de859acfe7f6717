package io.previewbridge.platform.boundary;

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

  static boolean readsFormFields(Method method) {
    return method != null
        && Arrays.stream(method.getParameterAnnotations())
            .flatMap(Arrays::stream)
            .map(Annotation::annotationType)
            .anyMatch(FormParam.class::equals);
  }

  static void refuseOtherTypes(ContainerRequestContext request) {
    MediaType type = request.getMediaType();
    if (type == null || !MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(type)) {
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
