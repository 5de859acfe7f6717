package io.previewbridge.admin.boundary;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks admin pages ({@code /admin/...}) and the admin API ({@code /api/admin/...}): {@link
 * AdminAccessFilter} lets only signed-in people with the {@code admin} role through.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AdminOnly {}
