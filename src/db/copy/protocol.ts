import type { Row } from "./common.js";

/** The pg connection Knex pools: queries, and the protocol messages COPY FROM STDIN needs. */
export interface PgConnection {
  query(query: { text: string; values?: unknown[]; name?: string }): Promise<{ rows: Row[] }>;
  query(submittable: CopyFromStdin): unknown;
  connection?: { sendCopyFromChunk?: unknown };
}

export interface PgProtocol {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * COPY … FROM STDIN without pg-copy-streams: a query object in pg's "submittable" form (the one
 * pg-cursor and pg-copy-streams use) that answers the server's CopyInResponse with the data and
 * CopyDone. The server checks the rows (types, constraints) as for an INSERT.
 */
export class CopyFromStdin {
  constructor(
    private readonly text: string,
    private readonly data: Buffer,
    private readonly done: (err: Error | null) => void,
  ) {}
  submit(connection: PgProtocol): void {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: PgProtocol): void {
    connection.sendCopyFromChunk(this.data);
    connection.endCopyFrom();
  }
  handleReadyForQuery(): void {
    this.done(null);
  }
  handleError(err: Error): void {
    this.done(err);
  }
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

export function copyIn(conn: PgConnection, text: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    conn.query(
      new CopyFromStdin(text, data, (err) => {
        if (settled) return;
        settled = true;
        if (err) reject(err);
        else resolve();
      }),
    );
  });
}
