import { pino, type DestinationStream, type Logger } from "pino";

/**
 * Resident ID numbers (18 digits, the last may be X; or the old 15) and mobile numbers, wherever
 * they stand in a log line: query strings, bodies, error messages. Digits on either side mean a
 * longer number (a timestamp, an amount), which is left alone.
 */
const ID_NUMBER = /(?<![0-9])([1-9][0-9]{3})(?:[0-9]{12}([0-9][0-9Xx])|[0-9]{9}([0-9]{2}))(?![0-9Xx])/g;
const MOBILE = /(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])/g;

/** The text with every ID number and mobile number masked, keeping a few digits to tell them apart. */
export function maskPersonalData(text: string): string {
  return text
    .replace(ID_NUMBER, (_m, head: string, tail18?: string, tail15?: string) =>
      tail18 ? `${head}************${tail18}` : `${head}*********${tail15}`,
    )
    .replace(MOBILE, "$1****$2");
}

/** Every line the logger writes passes through the mask before it leaves the process. */
export function maskingDestination(
  out: { write(line: string): unknown } = process.stdout,
): DestinationStream {
  return { write: (line: string) => void out.write(maskPersonalData(line)) };
}

export function createLogger(level: string, destination?: { write(line: string): unknown }): Logger {
  return pino(
    { level, redact: ["req.headers.authorization", "req.headers.cookie"] },
    maskingDestination(destination),
  );
}
