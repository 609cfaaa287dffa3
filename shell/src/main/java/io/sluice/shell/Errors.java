package io.sluice.shell;

/** Renders failures for the terminal: the message a person needs, not a stack trace, unless it is a bug. */
final class Errors {
  private Errors() {}

  static String describe(Throwable failure) {
    Throwable e = failure;
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return "Internal error: " + e.getClass().getName() + stackTop(e);
    }
    return message.startsWith("line ") ? message : "Error: " + message;
  }

  private static String stackTop(Throwable e) {
    StackTraceElement[] stack = e.getStackTrace();
    return stack.length == 0 ? "" : " at " + stack[0];
  }
}
