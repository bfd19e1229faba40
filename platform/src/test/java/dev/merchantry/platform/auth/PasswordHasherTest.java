package dev.merchantry.platform.auth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHasherTest {

    @Test
    void hashesAreSaltedSelfDescribingAndVerify() {
        PasswordHasher hasher = new PasswordHasher();
        String a = hasher.hash("correct horse battery");
        String b = hasher.hash("correct horse battery");
        assertTrue(a.startsWith("$pbkdf2$it=" + PasswordHasher.ITERATIONS + "$"), a);
        assertNotEquals(a, b, "a random salt per hash");
        assertFalse(a.contains("correct horse"));
        assertTrue(hasher.verify(a, "correct horse battery"));
        assertTrue(hasher.verify(b, "correct horse battery"));
        assertFalse(hasher.verify(a, "correct horse batterY"));
        assertFalse(hasher.verify(null, "anything"), "an unknown user never matches");
        assertFalse(hasher.verify("garbage", "anything"), "a malformed stored hash never matches");
    }
}
