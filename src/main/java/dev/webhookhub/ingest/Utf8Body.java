package dev.webhookhub.ingest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A raw body (HTTP, a JMS bytes message, STOMP with a content-length) as text. JSON between systems
 * is UTF-8 (RFC 8259); bytes that are not are refused, naming where, instead of being replaced with
 * U+FFFD, which changed what the sender sent without telling anyone.
 */
final class Utf8Body {

  private Utf8Body() {}

  /**
   * @throws MalformedBodyException at the first byte that is not UTF-8
   */
  static String decode(byte[] body) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out = CharBuffer.allocate(body.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isUnderflow()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw new MalformedBodyException(
          "the body is not valid UTF-8 (JSON must be): byte "
              + (in.position() + 1)
              + " starts no UTF-8 character",
          null);
    }
    return out.flip().toString();
  }
}
