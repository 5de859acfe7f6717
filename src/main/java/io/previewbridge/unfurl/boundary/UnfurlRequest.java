package io.previewbridge.unfurl.boundary;

/** Notion's unfurl callback body: {@code {"uri":"https://..."}}. */
public record UnfurlRequest(String uri) {}
