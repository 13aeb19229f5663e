package dev.weft.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 9110 §5.6's character rules, char by char. */
class HttpSyntaxTest {
    @Test
    void tokenCharsAreExactlyRfc9110s() {
        String tchar = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for (char c = 0; c < 512; c++) {
            assertEquals(tchar.indexOf(c) >= 0, HttpSyntax.isTokenChar(c), "char " + (int) c);
        }
        assertTrue(HttpSyntax.isToken("Content-Type"));
        assertFalse(HttpSyntax.isToken(""));
        assertFalse(HttpSyntax.isToken("a b"));
        assertFalse(HttpSyntax.isToken("a:b"));
        assertTrue(HttpSyntax.isToken("xa:b", 0, 2));
    }

    @Test
    void fieldValuesRefuseControlCharsButTab() {
        for (char c = 0; c < 0x20; c++) {
            assertEquals(c == '\t', HttpSyntax.isFieldValueChar(c), "char " + (int) c);
        }
        assertFalse(HttpSyntax.isFieldValueChar('\u007f'));
        assertTrue(HttpSyntax.isFieldValueChar(' '));
        assertTrue(HttpSyntax.isFieldValueChar('~'));
        assertTrue(HttpSyntax.isFieldValueChar('\u0080'), "obs-text");
        assertTrue(HttpSyntax.isFieldValueChar('\u00ff'));
        assertTrue(HttpSyntax.isFieldValue(""));
        assertTrue(HttpSyntax.isFieldValue("text/html; q=0.9"));
        assertFalse(HttpSyntax.isFieldValue("a\r\nb"));
    }

    @Test
    void owsIsSpaceAndTabOnly() {
        assertEquals("a \u000b b", HttpSyntax.trimOws(" \t a \u000b b\t "));
        assertEquals("\u000ba", HttpSyntax.trimOws("\u000ba"), "a vertical tab is not OWS: the value check sees it");
        String s = "abc";
        assertSame(s, HttpSyntax.trimOws(s));
        assertEquals("", HttpSyntax.trimOws(" \t "));
        assertEquals(2, HttpSyntax.skipOws("  x", 0, 3));
        assertEquals(1, HttpSyntax.trimOwsEnd("x \t", 0, 3));
    }

    @Test
    void hexAndDigits() {
        assertEquals(0, HttpSyntax.hexValue('0'));
        assertEquals(10, HttpSyntax.hexValue('a'));
        assertEquals(15, HttpSyntax.hexValue('F'));
        assertEquals(-1, HttpSyntax.hexValue('g'));
        assertEquals(-1, HttpSyntax.hexValue('\u0663'), "Arabic-Indic three is no hex digit");
        assertTrue(HttpSyntax.isDigits("0123", 0, 4));
        assertFalse(HttpSyntax.isDigits("", 0, 0));
        assertFalse(HttpSyntax.isDigits("1\u0663", 0, 2));
        assertFalse(HttpSyntax.isDigit('+'));
    }
}
