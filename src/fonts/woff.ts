import zlib from "node:zlib";

/** The TrueType table checksum: the sum of the big-endian 32-bit words, the last one zero-padded. */
function checksum(data: Buffer): number {
  const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

/** Packs tables as WOFF 1.0: a 44-byte header, a directory, then each table zlib-compressed. */
export function toWoff(tables: Map<string, Buffer>): Buffer {
  const tags = [...tables.keys()].sort();
  const parts: Buffer[] = [];
  const directory = Buffer.alloc(20 * tags.length);
  let offset = 44 + directory.length;
  let sfntSize = 12 + 16 * tags.length;
  tags.forEach((tag, i) => {
    const data = tables.get(tag)!;
    const packed = zlib.deflateSync(data, { level: 9 });
    const stored = packed.length < data.length ? packed : data;
    directory.write(tag, 20 * i, "latin1");
    directory.writeUInt32BE(offset, 20 * i + 4);
    directory.writeUInt32BE(stored.length, 20 * i + 8);
    directory.writeUInt32BE(data.length, 20 * i + 12);
    directory.writeUInt32BE(checksum(data), 20 * i + 16);
    const pad = Buffer.alloc((4 - (stored.length % 4)) % 4);
    parts.push(stored, pad);
    offset += stored.length + pad.length;
    sfntSize += data.length + ((4 - (data.length % 4)) % 4);
  });
  const header = Buffer.alloc(44);
  header.write("wOFF", 0, "latin1");
  header.writeUInt32BE(0x00010000, 4);
  header.writeUInt32BE(offset, 8);
  header.writeUInt16BE(tags.length, 12);
  header.writeUInt32BE(sfntSize, 16);
  header.writeUInt16BE(1, 20);
  return Buffer.concat([header, directory, ...parts]);
}
