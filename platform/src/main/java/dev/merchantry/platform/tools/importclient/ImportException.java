package dev.merchantry.platform.tools.importclient;

/**
 * A fatal import error (bad key, unknown shop, unreadable file, server unreachable after retries). Its message is
 * the single line the CLI prints after {@code error:}, so it never spans lines or carries a stack trace.
 */
public final class ImportException extends Exception {

    public ImportException(String message) {
        super(oneLine(message), null, false, false);
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
        return line.length() > 500 ? line.substring(0, 500) + "..." : line;
    }
}
