package io.sluice.udf.ml;

import java.util.Locale;

/**
 * The options text a TRAIN_* aggregate takes as its last argument, {@code 'l2=0.01'}: the L2
 * penalty strength of TRAIN_LOGREG (default 0, i.e. plain maximum likelihood) and TRAIN_SVM
 * (default 0.01; the SVM needs a penalty).
 *
 * @param l2 the weight of (1/2)|w|^2 added to the mean loss; the intercept is not penalised by
 *     TRAIN_LOGREG
 */
public record TrainingOptions(double l2) {
  /** The options {@code text} gives {@code function} (e.g. TRAIN_LOGREG); null text means the defaults. */
  public static TrainingOptions parse(String function, String text) {
    double l2 = function.equalsIgnoreCase("TRAIN_SVM") ? 0.01 : 0;
    if (text == null || text.isBlank()) {
      return new TrainingOptions(l2);
    }
    for (String part : text.split(",")) {
      String[] pair = part.split("=", 2);
      String key = pair[0].trim().toLowerCase(Locale.ROOT);
      if (pair.length != 2 || !key.equals("l2")) {
        throw new ModelException(function + " option '" + part.trim() + "' is not understood; the options text is"
            + " 'l2=<number>'");
      }
      try {
        l2 = Double.parseDouble(pair[1].trim());
      } catch (NumberFormatException e) {
        throw new ModelException(function + " option l2 is '" + pair[1].trim() + "', not a number", e);
      }
      if (!(l2 >= 0) || Double.isInfinite(l2) || (l2 == 0 && function.equalsIgnoreCase("TRAIN_SVM"))) {
        throw new ModelException(function + " option l2 must be a finite number "
            + (function.equalsIgnoreCase("TRAIN_SVM") ? "> 0" : ">= 0") + ", got " + pair[1].trim());
      }
    }
    return new TrainingOptions(l2);
  }
}
