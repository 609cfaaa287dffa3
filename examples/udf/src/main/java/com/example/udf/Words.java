package com.example.udf;

import io.sluice.udf.spi.TableFunction;
import java.util.Locale;

/**
 * An example table function: {@code words(STRING)} emits one row {@code (word, position)} per
 * word of its argument, lower-cased, for {@code FROM t, LATERAL TABLE(words(t.text))}. A NULL
 * or blank argument emits no rows.
 */
public class Words extends TableFunction<Words.Word> {
  /** One output row; its components are the function's columns. */
  public record Word(String word, int position) {}

  public void eval(String text) {
    if (text == null) {
      return;
    }
    int position = 0;
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
      if (!word.isEmpty()) {
        collect(new Word(word, ++position));
      }
    }
  }
}
