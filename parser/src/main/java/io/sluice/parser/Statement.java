package io.sluice.parser;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * One parsed statement of the Sluice dialect. Queries are Calcite {@link SqlNode}s whose
 * positions are line:column in the whole script; everything else is a plain record.
 */
public sealed interface Statement {
  /** Where the statement starts in the script. */
  SqlParserPos position();

  /** A query: SELECT, VALUES, set operations, WITH, ORDER BY/LIMIT ({@code SqlOrderBy}). */
  record Query(SqlNode query, SqlParserPos position) implements Statement {
    public Query {
      requireNonNull(query, "query is null");
    }
  }

  /** {@code EXPLAIN statement} where the statement is a query or an INSERT. */
  record Explain(Statement target, SqlParserPos position) implements Statement {
    public Explain {
      requireNonNull(target, "target is null");
    }
  }

  /** {@code INSERT INTO table [(columns)] query}; {@code columns} is empty when not given. */
  record Insert(List<String> table, List<String> columns, SqlNode query, SqlParserPos position) implements Statement {
    public Insert {
      table = List.copyOf(table);
      columns = List.copyOf(columns);
      requireNonNull(query, "query is null");
    }
  }

  /**
   * A column in CREATE TABLE; {@code type} carries its nullability. A metadata column
   * ({@code METADATA [FROM 'key'] [VIRTUAL]}) has a non-null {@code metadataKey} (the column
   * name when FROM is absent); a virtual one is read but never written. A {@code procTime}
   * column ({@code name AS PROCTIME()}) is computed: the wall clock when a row is read,
   * TIMESTAMP(3) NOT NULL.
   */
  record ColumnDefinition(
      String name, SqlDataTypeSpec type, String comment, String metadataKey, boolean virtual, SqlParserPos position,
      boolean procTime) {
    public ColumnDefinition {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
    }

    /** A physical or metadata column. */
    public ColumnDefinition(
        String name, SqlDataTypeSpec type, String comment, String metadataKey, boolean virtual, SqlParserPos position) {
      this(name, type, comment, metadataKey, virtual, position, false);
    }

    /** A physical (non-metadata) column. */
    public ColumnDefinition(String name, SqlDataTypeSpec type, String comment, SqlParserPos position) {
      this(name, type, comment, null, false, position);
    }
  }

  /** {@code WATERMARK FOR column AS expression}. */
  record WatermarkDefinition(String column, SqlNode expression, SqlParserPos position) {
    public WatermarkDefinition {
      requireNonNull(column, "column is null");
      requireNonNull(expression, "expression is null");
    }
  }

  /**
   * {@code CREATE TABLE [IF NOT EXISTS] name (columns, [WATERMARK ...], [PRIMARY KEY (...) NOT ENFORCED])
   * [WITH (...)]}; {@code watermark} is null when absent; options keep their declared order.
   */
  record CreateTable(
      List<String> name, boolean ifNotExists, List<ColumnDefinition> columns, WatermarkDefinition watermark,
      List<String> primaryKey, Map<String, String> options, SqlParserPos position) implements Statement {
    public CreateTable {
      name = List.copyOf(name);
      columns = List.copyOf(columns);
      primaryKey = List.copyOf(primaryKey);
      options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
    }
  }

  /** {@code CREATE [OR REPLACE] VIEW [IF NOT EXISTS] name [(columns)] AS query}; {@code sql} is the query's text. */
  record CreateView(
      List<String> name, boolean ifNotExists, boolean orReplace, List<String> columns, SqlNode query, String sql,
      SqlParserPos position) implements Statement {
    public CreateView {
      name = List.copyOf(name);
      columns = List.copyOf(columns);
      requireNonNull(query, "query is null");
    }
  }

  /** {@code CREATE FUNCTION [IF NOT EXISTS] name AS 'class' [USING JAR 'path']}; {@code jar} is null without USING JAR. */
  record CreateFunction(List<String> name, boolean ifNotExists, String className, String jar, SqlParserPos position)
      implements Statement {
    public CreateFunction {
      name = List.copyOf(name);
      requireNonNull(className, "className is null");
    }
  }

  /** {@code CREATE MODEL [IF NOT EXISTS] name WITH (...)}. */
  record CreateModel(List<String> name, boolean ifNotExists, Map<String, String> options, SqlParserPos position)
      implements Statement {
    public CreateModel {
      name = List.copyOf(name);
      options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
    }
  }

  /**
   * {@code CREATE MODEL [IF NOT EXISTS] name [WITH (...)] AS query}: a model trained by a running
   * query whose last column is the model text (a TRAIN_* aggregate).
   */
  record CreateModelAs(List<String> name, boolean ifNotExists, Map<String, String> options, SqlNode query,
      SqlParserPos position) implements Statement {
    public CreateModelAs {
      name = List.copyOf(name);
      options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
      requireNonNull(query, "query is null");
    }
  }

  /** The kinds of catalog object DROP, SHOW and DESCRIBE name. */
  enum ObjectKind { TABLE, VIEW, FUNCTION, MODEL, JOB }

  /** {@code DROP TABLE|VIEW|FUNCTION|MODEL [IF EXISTS] name}. */
  record Drop(ObjectKind kind, List<String> name, boolean ifExists, SqlParserPos position) implements Statement {
    public Drop {
      requireNonNull(kind, "kind is null");
      name = List.copyOf(name);
    }
  }

  /** {@code SHOW TABLES|VIEWS|FUNCTIONS|MODELS|JOBS}. */
  record Show(ObjectKind kind, SqlParserPos position) implements Statement {
    public Show {
      requireNonNull(kind, "kind is null");
    }
  }

  /** {@code DESCRIBE [TABLE|VIEW|FUNCTION|MODEL] name}; kind TABLE also covers views when not given. */
  record Describe(ObjectKind kind, List<String> name, SqlParserPos position) implements Statement {
    public Describe {
      requireNonNull(kind, "kind is null");
      name = List.copyOf(name);
    }
  }

  /** {@code SET 'key' = 'value'}; {@code SET} alone lists the options (key and value null). */
  record Set(String key, String value, SqlParserPos position) implements Statement {}

  /** {@code RESET 'key'}, or {@code RESET} alone (key null) for all options. */
  record Reset(String key, SqlParserPos position) implements Statement {}
}
