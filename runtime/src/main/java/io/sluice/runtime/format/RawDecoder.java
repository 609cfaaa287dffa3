package io.sluice.runtime.format;

import io.sluice.plan.TypeKind;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The {@code raw} format: the whole record as the single VARCHAR (checked UTF-8) or VARBINARY column. */
final class RawDecoder implements RecordDecoder {
  private final FormatColumn column;
  private final BaseVariableWidthVector vector;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);

  RawDecoder(FormatColumn column, FieldVector vector) {
    this.column = column;
    // A scan that needs no column (COUNT(*)) has no vector; the record is still checked.
    this.vector = (BaseVariableWidthVector) vector;
  }

  @Override
  public void decode(byte[] bytes, int offset, int length, int row) {
    if (column.type().kind() == TypeKind.VARCHAR) {
      try {
        utf8.reset().decode(ByteBuffer.wrap(bytes, offset, length));
      } catch (CharacterCodingException e) {
        throw new BadRecordException(column.name(), "the record is not valid UTF-8");
      }
    }
    if (vector != null) {
      vector.setSafe(row, bytes, offset, length);
    }
  }
}
