package io.previewbridge.demo.control;

/**
 * A demo item was edited (on its page or through the JSON API). Fired after the item changed, so
 * that whatever watches the demo product (a webhook notifier, a test) can react without polling.
 */
public record DemoItemChanged(String itemId) {}
