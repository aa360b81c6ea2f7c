/** src/evidence/content.ts: files known by their first bytes, photos without their metadata. */
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { cleanFile, sniff, stripJpeg, stripPng } from "../../src/evidence/content.js";
import { cleanName } from "../../src/evidence/service.js";

const jpegWithGps = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: "#884422" } })
    .jpeg()
    .withExif({ IFD0: { Make: "FengqiaoCam" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "27/1 50/1 0/1" } })
    .toBuffer();

describe("sniff", () => {
  it("knows JPEG, PNG and PDF by content, and nothing else", async () => {
    expect(sniff(await jpegWithGps())).toBe("image/jpeg");
    expect(
      sniff(
        await sharp({ create: { width: 2, height: 2, channels: 3, background: "#fff" } })
          .png()
          .toBuffer(),
      ),
    ).toBe("image/png");
    expect(sniff(Buffer.from("%PDF-1.7\n"))).toBe("application/pdf");
    expect(sniff(Buffer.from("MZ\x90\x00"))).toBeNull();
    expect(sniff(Buffer.from("GIF89a"))).toBeNull();
    expect(sniff(Buffer.from("<svg/>"))).toBeNull();
    expect(sniff(Buffer.alloc(0))).toBeNull();
  });
});

describe("stripping metadata", () => {
  it("drops a JPEG's EXIF segment and keeps the image data byte for byte", async () => {
    const photo = await jpegWithGps();
    const clean = stripJpeg(photo)!;
    expect(clean.includes(Buffer.from("Exif\0\0"))).toBe(false);
    expect(clean.includes(Buffer.from("FengqiaoCam"))).toBe(false);
    const sos = (b: Buffer) => b.subarray(b.indexOf(Buffer.from([0xff, 0xda])));
    expect(Buffer.compare(sos(clean), sos(photo))).toBe(0);
    expect(stripJpeg(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]))).toBeNull();
  });

  it("drops a PNG's eXIf and text chunks", async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#123456" } })
      .png()
      .withExif({ IFD0: { Make: "FengqiaoCam" } })
      .toBuffer();
    expect(png.includes(Buffer.from("FengqiaoCam"))).toBe(true);
    const clean = stripPng(png)!;
    expect(clean.includes(Buffer.from("FengqiaoCam"))).toBe(false);
    expect(clean.includes(Buffer.from("eXIf"))).toBe(false);
    expect((await sharp(clean).metadata()).width).toBe(4);
  });

  it("turns a photo whose EXIF says it is rotated, so it shows upright without the EXIF", async () => {
    const turned = await sharp({ create: { width: 60, height: 20, channels: 3, background: "#0a0" } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const clean = (await cleanFile(turned))!;
    const meta = await sharp(clean.content).metadata();
    expect([meta.width, meta.height]).toEqual([20, 60]);
    expect(meta.exif).toBeUndefined();
  });

  it("keeps a PDF as it is and refuses bytes that only start like a photo", async () => {
    const pdf = Buffer.from("%PDF-1.4\n%%EOF\n");
    expect((await cleanFile(pdf))!.content).toBe(pdf);
    expect(
      await cleanFile(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)])),
    ).toBeNull();
  });
});

describe("cleanName", () => {
  it("keeps the last path part without control characters, or names the file by its type", () => {
    expect(cleanName("C:\\Users\\张\\裂缝.jpg", "image/jpeg")).toBe("裂缝.jpg");
    expect(cleanName("a\u0000b\u202e.pdf", "application/pdf")).toBe("ab.pdf");
    expect(cleanName("", "image/png")).toBe("证据材料.png");
  });
});
