package io.rtfleet.api.crd;

import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

/** Where the fleet's PostgreSQL is: a JDBC URL kept in a Secret, never in the resource. */
public final class DatabaseSpec {
  /** The Secret key holding the JDBC URL. */
  @Required private SecretKeySelector urlSecret;

  /** The Secret key holding the database user's password, when not in the URL. */
  private SecretKeySelector passwordSecret;

  public SecretKeySelector getUrlSecret() {
    return urlSecret;
  }

  public void setUrlSecret(SecretKeySelector urlSecret) {
    this.urlSecret = urlSecret;
  }

  public SecretKeySelector getPasswordSecret() {
    return passwordSecret;
  }

  public void setPasswordSecret(SecretKeySelector passwordSecret) {
    this.passwordSecret = passwordSecret;
  }
}
