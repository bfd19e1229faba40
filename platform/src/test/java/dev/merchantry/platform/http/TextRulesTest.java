package dev.merchantry.platform.http;

import dev.merchantry.platform.service.TextRules;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text rule on its own: which characters, where, and how a bad field is named. */
class TextRulesTest {

    @Test
    void nulAndUnpairedSurrogatesAreRefusedEvenInFreeText() {
        for (boolean freeText : new boolean[] {false, true}) {
            assertTrue(TextRules.problem("a\u0000b", freeText).contains("NUL"));
            assertTrue(TextRules.problem("a\ud800", freeText).contains("U+D800"));
            assertTrue(TextRules.problem("\udc00a", freeText).contains("U+DC00"));
            assertTrue(TextRules.problem("\udc00\ud800", freeText).contains("U+DC00"), "a reversed pair is no pair");
            assertTrue(TextRules.problem("a\u007f", freeText).contains("DEL"));
            assertTrue(TextRules.problem("a\u001b", freeText).contains("U+001B"));
        }
    }

    @Test
    void tabNewlineAndCarriageReturnAreFreeTextOnly() {
        for (String s : List.of("a\tb", "a\nb", "a\rb")) {
            assertNull(TextRules.problem(s, true));
            assertTrue(TextRules.problem(s, false).contains("ids and names hold no control characters"));
        }
    }

    @Test
    void anyValidUnicodeIsKept() {
        // Surrogate pairs (emoji, supplementary CJK), U+FFFD, C1 controls and non-characters are storable text.
        for (String s : List.of("Trail Shoe", "\ud83c\udfd4 Gipfel", "\ud840\udc0b", "caf\u00e9", "\ufffd", "\u0085",
                "\uffff", "")) {
            assertNull(TextRules.problem(s, false), s);
        }
    }

    @Test
    void printableEscapesOnlyWhatTheRuleRefuses() {
        assertEquals("shop", TextRules.printable("shop"));
        assertEquals("a\\u0000b\\uD800\ud83c\udfd4\\u0009", TextRules.printable("a\u0000b\ud800\ud83c\udfd4\t"));
    }

    @Test
    void checkNamesEveryBadKeyAndValueByItsJsonPath() {
        JsonObject body = new JsonObject("""
                {"name":"ok","config":{"half_life_days":"7\\u0000","list":["a","b\\udc00"]},"k\\u0001":1,
                 "note":"line\\nline","rows":[{"customer_id":"c\\t"}]}
                """);
        List<String> problems = new ArrayList<>();
        TextRules.check(body, "", "note"::equals, (field, message) -> problems.add(field));
        assertEquals(List.of("config.half_life_days", "config.list[1]", "k\\u0001", "rows[0].customer_id"), problems);
        List<String> top = new ArrayList<>();
        TextRules.check(new io.vertx.core.json.JsonArray().add(new JsonObject().put("customer_id", "\u0000")), "",
                p -> false, (field, message) -> top.add(field));
        assertEquals(List.of("[0].customer_id"), top);
    }

    @Test
    void requestTargetsAreDecodedStrictly() {
        assertEquals("a b/c\u00e9", RequestTargetCheck.decode("a+b%2Fc%C3%A9", true));
        assertEquals("a+b", RequestTargetCheck.decode("a+b", false));
        for (String malformed : List.of("%zz", "%", "%4", "a%4z", "%%41")) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> RequestTargetCheck.decode(malformed, true))
                    .getMessage().contains("malformed percent-escape"), malformed);
        }
        for (String notUtf8 : List.of("%ED%A0%80", "%FF", "%C3", "%C0%80")) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> RequestTargetCheck.decode(notUtf8, true))
                    .getMessage().contains("not valid UTF-8"), notUtf8);
        }
    }
}
