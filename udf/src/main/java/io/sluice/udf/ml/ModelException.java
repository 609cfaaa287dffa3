package io.sluice.udf.ml;

/** A model definition that cannot be loaded; the message names the source and the key. */
public final class ModelException extends RuntimeException {
  public ModelException(String message) {
    super(message);
  }

  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
