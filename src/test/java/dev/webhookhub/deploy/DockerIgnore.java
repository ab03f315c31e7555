package dev.webhookhub.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The part of Docker's {@code .dockerignore} rules the hub's file uses, to check the build context
 * without a Docker daemon: one pattern a line, {@code #} comments, {@code *} and {@code ?} within
 * one path segment, {@code **} across segments, {@code !} to let a path back in. As in Docker, a
 * pattern that matches a directory matches everything under it, and the last matching line wins.
 */
final class DockerIgnore {

  private record Rule(Pattern pattern, boolean exception) {}

  private final List<Rule> rules;

  private DockerIgnore(List<Rule> rules) {
    this.rules = rules;
  }

  static DockerIgnore parse(String text) {
    List<Rule> rules = new ArrayList<>();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean exception = line.startsWith("!");
      String pattern = clean(exception ? line.substring(1).strip() : line);
      rules.add(new Rule(Pattern.compile(regex(pattern)), exception));
    }
    return new DockerIgnore(rules);
  }

  /** Whether {@code path} (relative to the context, with {@code /}) is sent to the daemon. */
  boolean includes(String path) {
    String cleaned = clean(path);
    boolean included = true;
    for (Rule rule : rules) {
      if (matchesItselfOrAParent(rule.pattern(), cleaned)) {
        included = rule.exception();
      }
    }
    return included;
  }

  private static boolean matchesItselfOrAParent(Pattern pattern, String path) {
    String candidate = path;
    while (true) {
      if (pattern.matcher(candidate).matches()) {
        return true;
      }
      int slash = candidate.lastIndexOf('/');
      if (slash < 0) {
        return false;
      }
      candidate = candidate.substring(0, slash);
    }
  }

  private static String clean(String path) {
    String cleaned = path.replaceAll("/+", "/");
    while (cleaned.startsWith("./") || cleaned.startsWith("/")) {
      cleaned = cleaned.substring(cleaned.startsWith("./") ? 2 : 1);
    }
    return cleaned.endsWith("/") ? cleaned.substring(0, cleaned.length() - 1) : cleaned;
  }

  private static String regex(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
        // "**/" is zero or more whole directories; a trailing "**" is anything.
        boolean slashFollows = i + 2 < pattern.length() && pattern.charAt(i + 2) == '/';
        regex.append(slashFollows ? "(?:.*/)?" : ".*");
        i += slashFollows ? 2 : 1;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return regex.toString();
  }
}
