import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, parseDatabaseUrl } from "../../src/config.js";
import { hashPassword, verifyPassword } from "../../src/people/passwords.js";

describe("config", () => {
  it("defaults to the SQLite file and port 3000", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ client: "sqlite", filename: path.resolve("data/fengqiao.db") });
  });

  it("refuses to start in production without a strong SESSION_SECRET", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: "production", SESSION_SECRET: "short" })).toThrow(ConfigError);
    expect(loadConfig({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(32) }).env).toBe("production");
  });

  it("reads PostgreSQL URLs and rejects unknown ones", () => {
    expect(parseDatabaseUrl("postgres://u@h:5432/db")).toEqual({
      client: "postgres",
      connectionString: "postgres://u@h:5432/db",
    });
    expect(() => parseDatabaseUrl("mysql://x")).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: "abc" })).toThrow(ConfigError);
  });

  it("runs one server process per core unless WEB_CONCURRENCY says otherwise", () => {
    expect(loadConfig({}).webConcurrency).toBe(os.availableParallelism());
    expect(loadConfig({ WEB_CONCURRENCY: "3" }).webConcurrency).toBe(3);
    expect(loadConfig({ WEB_CONCURRENCY: "1" }).webConcurrency).toBe(1);
    // An in-memory database cannot be shared by processes.
    expect(loadConfig({ WEB_CONCURRENCY: "4", DATABASE_URL: "sqlite::memory:" }).webConcurrency).toBe(1);
    for (const bad of ["0", "two", "1.5", "65"]) {
      expect(() => loadConfig({ WEB_CONCURRENCY: bad })).toThrow(/WEB_CONCURRENCY 无效/);
    }
  });
});

describe("passwords", () => {
  it("hashes with a random salt and verifies", async () => {
    const a = await hashPassword("demo1234");
    const b = await hashPassword("demo1234");
    expect(a).not.toBe(b);
    expect(a.startsWith("scrypt$32768$8$1$")).toBe(true);
    expect(await verifyPassword("demo1234", a)).toBe(true);
    expect(await verifyPassword("demo12345", a)).toBe(false);
    expect(await verifyPassword("demo1234", "md5$abc")).toBe(false);
  });
});
