package io.sluice.runtime.format;

/**
 * A decoder of one serialized record (a Kafka key or value, a line of a file) into one row of
 * Arrow vectors, built by {@link Formats#decoder}. Decoders keep scratch state and are used by
 * one thread.
 */
public interface RecordDecoder {
  /**
   * Decodes {@code bytes[offset, offset + length)} into row {@code row} of the decoder's
   * vectors, setting every one of its columns (NULL where the record has no value).
   *
   * @throws BadRecordException if the record is malformed or a value does not fit its column;
   *     the row is then partly written and must be overwritten or dropped by the caller
   */
  void decode(byte[] bytes, int offset, int length, int row);
}
