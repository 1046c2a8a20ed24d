/**
 * A minimal protocol-buffers writer: just what encoding an ONNX model needs (varints,
 * length-delimited fields, packed floats). Chosen over a protobuf dependency because the ONNX
 * messages used here are few and fixed, and ~80 lines are easier to read than a code generator.
 */

/** Field wire types of the protobuf encoding. */
const VARINT = 0;
const LENGTH_DELIMITED = 2;

/** Builds one protobuf message, field by field, in the order they are written. */
export class Message {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  private key(field: number, wireType: number): void {
    this.push(varint(BigInt((field << 3) | wireType)));
  }

  /** An integer field (int32, int64 or enum), negative numbers in two's complement as protobuf wants. */
  int(field: number, value: number | bigint): this {
    this.key(field, VARINT);
    this.push(varint(BigInt.asUintN(64, BigInt(value))));
    return this;
  }

  /** A string field, UTF-8. */
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** A bytes field. */
  bytes(field: number, value: Uint8Array): this {
    this.key(field, LENGTH_DELIMITED);
    this.push(varint(BigInt(value.length)));
    this.push(value);
    return this;
  }

  /** An embedded message field. */
  message(field: number, value: Message): this {
    return this.bytes(field, value.finish());
  }

  /** A float field (wire type 5, fixed 32 bits little-endian). */
  float(field: number, value: number): this {
    this.key(field, 5);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.push(bytes);
    return this;
  }

  /** The encoded message. */
  finish(): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

/** Base-128 varint encoding of an unsigned integer. */
export function varint(value: bigint): Uint8Array {
  const bytes: number[] = [];
  let v = value;
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (v > 0n);
  return Uint8Array.from(bytes);
}
