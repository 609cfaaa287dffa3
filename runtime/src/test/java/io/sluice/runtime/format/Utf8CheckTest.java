package io.sluice.runtime.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The UTF-8 check that CSV text columns pass through, against the JDK's strict decoder. */
class Utf8CheckTest {
  private static boolean valid(int... bytes) {
    byte[] array = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      array[i] = (byte) bytes[i];
    }
    return TextParsers.isUtf8(array, 0, array.length);
  }

  @Test
  void acceptsEveryEncodingLengthAndRejectsMalformedSequences() {
    byte[] text = "a é € 😀".getBytes(StandardCharsets.UTF_8);
    assertTrue(TextParsers.isUtf8(text, 0, text.length));
    assertFalse(valid(0xC3), "truncated two-byte sequence");
    assertFalse(valid(0xE2, 0x82), "truncated three-byte sequence");
    assertFalse(valid(0xC0, 0xAF), "overlong '/'");
    assertFalse(valid(0xE0, 0x80, 0xAF), "overlong three-byte form");
    assertFalse(valid(0xED, 0xA0, 0x80), "a surrogate");
    assertFalse(valid(0xF4, 0x90, 0x80, 0x80), "above U+10FFFF");
    assertFalse(valid(0x80), "a lone continuation byte");
    assertFalse(valid(0xC3, 0x28), "a lead byte without its continuation");
    // Only the range is checked: the bad byte before it does not count.
    assertTrue(TextParsers.isUtf8(new byte[] {(byte) 0xFF, 'a', 'b'}, 1, 3));
  }

  @Test
  void agreesWithTheJdkDecoderOnRandomBytes() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 20_000; trial++) {
      byte[] bytes = new byte[random.nextInt(1, 8)];
      for (int i = 0; i < bytes.length; i++) {
        // Mostly high bytes, so that multi-byte sequences, valid and not, are common.
        bytes[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(0x80) : 0x80 + random.nextInt(0x80));
      }
      assertEquals(jdkValid(bytes), TextParsers.isUtf8(bytes, 0, bytes.length), () -> java.util.HexFormat.of().formatHex(bytes));
    }
  }

  private static boolean jdkValid(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
