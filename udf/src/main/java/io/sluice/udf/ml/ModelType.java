package io.sluice.udf.ml;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A kind of model Sluice can score, with the name it has in model files and CREATE MODEL. */
public enum ModelType {
  LOGISTIC_REGRESSION,
  LINEAR_REGRESSION,
  LINEAR_SVM,
  KMEANS;

  /** The lower-case name used in YAML files and the {@code 'type'} option. */
  public String externalName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type named {@code name}, or null when there is none. */
  public static ModelType fromName(String name) {
    for (ModelType type : values()) {
      if (type.externalName().equalsIgnoreCase(name.trim())) {
        return type;
      }
    }
    return null;
  }

  static String allNames() {
    return Arrays.stream(values()).map(ModelType::externalName).collect(Collectors.joining(", "));
  }
}
