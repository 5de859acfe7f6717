package io.previewbridge.webhooks.control;

/**
 * A change notification whose signature or timestamp cannot be accepted; the message says which (it
 * reveals nothing about the secret). Answered 401.
 */
public class SignatureRefused extends RuntimeException {

  public SignatureRefused(String message) {
    super(message);
  }
}
