package dev.merchantry.platform.tools.importclient;

import io.vertx.core.json.JsonObject;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One item to send (an event, a product or a stock snapshot) with the file lines it came from, so a server-side
 * reject, which names only a position in the batch, can be reported against the lines a person can fix.
 *
 * @param id           the event id or product id (for the rejects file)
 * @param body         the JSON sent
 * @param lastRow      index of the last data row folded into it (the checkpoint advances past it once confirmed)
 * @param lines        the lines of its rows, in order
 * @param productLines for an order, the line of each {@code properties.products[k]}; else null
 */
record ImportItem(String id, JsonObject body, long lastRow, long[] lines, long[] productLines) {

    private static final Pattern PRODUCT_FIELD = Pattern.compile("^properties\\.(?:products|items)\\[(\\d+)]");

    static ImportItem single(String id, JsonObject body, SourceRow row) {
        return new ImportItem(id, body, row.index(), new long[] {row.line()}, null);
    }

    /** The line(s) to blame for an error on {@code field}: the order line it names, else all of the item's lines. */
    String lineFor(String field) {
        if (productLines != null && field != null) {
            Matcher m = PRODUCT_FIELD.matcher(field);
            if (m.find()) {
                int k = Integer.parseInt(m.group(1));
                if (k < productLines.length) {
                    return Long.toString(productLines[k]);
                }
            }
        }
        return lines.length == 1 || lines[0] == lines[lines.length - 1]
                ? Long.toString(lines[0]) : lines[0] + "-" + lines[lines.length - 1];
    }
}
