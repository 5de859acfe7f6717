package io.previewbridge.authorization.control;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.previewbridge.platform.control.Secrets;
import java.util.regex.Pattern;

/**
 * PKCE (RFC 7636) on our authorization server: supported when a client sends a challenge, with S256
 * only ({@code plain} protects nothing), and enforced at the token endpoint. Notion does not send
 * one today; a client that does gets its protection.
 */
public final class Pkce {

  /** RFC 7636 §4.1/§4.2: 43 to 128 characters of the unreserved set. */
  static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

  private Pkce() {}

  /**
   * Checks an authorization request's {@code code_challenge} and {@code code_challenge_method};
   * returns the challenge to bind the code to (null when there is none).
   *
   * @throws OAuthError invalid_request when the pair is not a usable S256 challenge
   */
  public static String challengeOf(String challenge, String method) {
    if (challenge == null && method == null) {
      return null;
    }
    if (challenge == null) {
      throw OAuthError.invalidRequest("code_challenge_method without a code_challenge.");
    }
    if (method == null || !method.equals("S256")) {
      throw OAuthError.invalidRequest("code_challenge_method must be S256.");
    }
    if (!VALUE.matcher(challenge).matches()) {
      throw OAuthError.invalidRequest("code_challenge is not a PKCE S256 challenge.");
    }
    return challenge;
  }

  /**
   * @throws OAuthError invalid_grant when the verifier is missing, wrong, or sent for a code that
   *     had no challenge
   */
  static void check(String challenge, String verifier) {
    if (challenge == null) {
      if (verifier != null) {
        throw OAuthError.invalidGrant(
            "code_verifier was sent, but the authorization request had no code_challenge.");
      }
      return;
    }
    if (verifier == null || !VALUE.matcher(verifier).matches()) {
      throw OAuthError.invalidGrant("The code_verifier is missing or malformed.");
    }
    String computed =
        CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(verifier)).getValue();
    if (!Secrets.constantTimeEquals(challenge, computed)) {
      throw OAuthError.invalidGrant("The code_verifier does not match the code_challenge.");
    }
  }
}
