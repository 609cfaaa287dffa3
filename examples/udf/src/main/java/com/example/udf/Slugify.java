package com.example.udf;

import java.text.Normalizer;
import java.util.Locale;

/**
 * An example scalar function: {@code slugify('Hello, World!')} is {@code 'hello-world'}.
 * A public {@code eval} method with a String parameter makes a STRING -> STRING function;
 * a NULL argument reaches eval as null.
 */
public class Slugify {
  public String eval(String text) {
    if (text == null) {
      return null;
    }
    String ascii = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return slug.replaceAll("^-+|-+$", "");
  }
}
