import * as mupdf from "mupdf";

/**
 * PDF pages as pictures, with MuPDF compiled to WebAssembly (the npm package mupdf): nothing from
 * the system (no PDF tools to install). Used by the document tests and scripts/render-documents.ts.
 */

export interface GrayPage {
  width: number;
  height: number;
  /** One byte per pixel, 0 black to 255 white, row after row. */
  pixels: Uint8Array;
}

function withPage<T>(pdf: Buffer, pageIndex: number, use: (page: mupdf.Page) => T): T {
  const doc = mupdf.Document.openDocument(pdf, "application/pdf");
  try {
    const page = doc.loadPage(pageIndex);
    try {
      return use(page);
    } finally {
      page.destroy();
    }
  } finally {
    doc.destroy();
  }
}

/** Page `pageIndex` (from 0) in shades of gray at `dpi` dots per inch. */
export function renderGray(pdf: Buffer, pageIndex: number, dpi: number): GrayPage {
  return withPage(pdf, pageIndex, (page) => {
    const pixmap = page.toPixmap(mupdf.Matrix.scale(dpi / 72, dpi / 72), mupdf.ColorSpace.DeviceGray, false);
    try {
      const width = pixmap.getWidth();
      const height = pixmap.getHeight();
      const stride = pixmap.getStride();
      const samples = pixmap.getPixels();
      const pixels = new Uint8Array(width * height);
      for (let y = 0; y < height; y++)
        pixels.set(samples.subarray(y * stride, y * stride + width), y * width);
      return { width, height, pixels };
    } finally {
      pixmap.destroy();
    }
  });
}

/** Page `pageIndex` (from 0) as a PNG in colour at `dpi` dots per inch. */
export function renderPNG(pdf: Buffer, pageIndex: number, dpi: number): Buffer {
  return withPage(pdf, pageIndex, (page) => {
    const pixmap = page.toPixmap(mupdf.Matrix.scale(dpi / 72, dpi / 72), mupdf.ColorSpace.DeviceRGB, false);
    try {
      return Buffer.from(pixmap.asPNG());
    } finally {
      pixmap.destroy();
    }
  });
}
