package io.sluice.shell.console;

import io.sluice.jdbc.SluiceSession;
import io.sluice.plan.Field;
import io.sluice.plan.Schema;
import io.sluice.plan.TableSpec;
import io.sluice.planner.Catalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion from the live catalog: keywords, tables and views, models, functions, and
 * the columns of the tables the statement names ({@code t.} completes the columns of
 * {@code t}; with no table named yet, every table's columns are offered).
 */
public final class SqlCompleter implements Completer {
  private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

  private final SluiceSession session;

  public SqlCompleter(SluiceSession session) {
    this.session = session;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    String word = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
    Map<String, Schema> relations = relations();
    int dot = word.lastIndexOf('.');
    if (dot > 0) {
      Schema columns = relations.get(word.substring(0, dot));
      if (columns != null) {
        String qualifier = word.substring(0, dot + 1);
        for (Field field : columns.fields()) {
          candidates.add(candidate(qualifier + field.name(), field.name(), "column", field.type().sql()));
        }
      }
      return;
    }
    for (String keyword : SqlTokens.keywordSet()) {
      candidates.add(candidate(keyword, keyword, "keyword", null));
    }
    relations.keySet().forEach(name -> candidates.add(candidate(name, name, "table", null)));
    session.catalog().models().forEach(model -> candidates.add(candidate(model.name(), model.name(), "model", null)));
    session.functionNames().forEach(name -> candidates.add(candidate(name, name, "function", null)));
    Map<String, Schema> named = new LinkedHashMap<>();
    Matcher words = WORD.matcher(line.line());
    while (words.find()) {
      Schema schema = relations.get(words.group());
      if (schema != null) {
        named.put(words.group(), schema);
      }
    }
    for (Schema schema : (named.isEmpty() ? relations : named).values()) {
      for (Field field : schema.fields()) {
        candidates.add(candidate(field.name(), field.name(), "column", field.type().sql()));
      }
    }
  }

  /** Tables and views by name, with their columns. */
  private Map<String, Schema> relations() {
    Catalog catalog = session.catalog();
    Map<String, Schema> relations = new LinkedHashMap<>();
    for (TableSpec table : catalog.tables()) {
      relations.put(table.name(), table.schema());
    }
    for (Catalog.View view : catalog.views()) {
      relations.put(view.name(), view.schema());
    }
    return relations;
  }

  private static Candidate candidate(String value, String display, String group, String description) {
    // Equal values from different groups (a column named like a keyword) stay distinct candidates.
    return new Candidate(value, display, group, description, null, group + ":" + value, true);
  }
}
