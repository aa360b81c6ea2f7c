import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

/*
 * Layers point down (architecture.md): routes → services → repositories → db. Each rule below
 * names what a layer may not reach for; "no-restricted-imports" is ESLint's own, so the check
 * needs no plugin. A flat config's later entry replaces a rule's options for the files it
 * matches, so every file gets exactly one entry (src/db has its own, which also bars routes).
 */
const FEATURES = [
  "audit",
  "calendar",
  "cases",
  "cli",
  "confirmations",
  "demo",
  "documents",
  "evidence",
  "http",
  "ledger",
  "mediators",
  "messages",
  "middleware",
  "people",
  "places",
  "portal",
  "reports",
  "routes",
];
const restrict = (...patterns) => ({ "no-restricted-imports": ["error", { patterns }] });
const fromSrcIntoRoutes = {
  // "./routes/…" from src/, "../routes/…", "../../routes/…" from deeper folders.
  regex: "^\\.{1,2}/(\\.\\./)*routes/",
  message:
    "Only the routes import routes (and src/app.ts mounts them): move what you need into a feature or src/http.",
};

export default tseslint.config(
  { ignores: ["node_modules/", "data/", "coverage/", "bench/results/", "docs/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      eqeqeq: ["error", "always"],
      // The ideographic space (U+3000) is ordinary in Chinese text, in strings and templates alike.
      "no-irregular-whitespace": ["error", { skipStrings: true, skipTemplates: true }],
      "no-console": "off",
    },
  },
  {
    // Route handlers receive services and never query: no database handle, no db/ module.
    files: ["src/routes/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "knex", message: "Routes never query: ask a service (src/services.ts)." }],
          patterns: [
            {
              regex: "^(\\.\\./)+db/",
              message: "Routes never query: ask a service; the service's repository uses src/db.",
            },
          ],
        },
      ],
    },
  },
  {
    // db/ is below every feature: a feature that needs something of it passes it in (see db/copy's `rebuilt`).
    files: ["src/db/**/*.ts"],
    rules: restrict({
      regex: `^(\\.\\./)+(${FEATURES.join("|")})/`,
      message: "src/db imports no feature: take what you need as a parameter from the caller.",
    }),
  },
  {
    // Features never import routes; src/app.ts is the one place that mounts them.
    files: ["src/**/*.ts"],
    ignores: ["src/routes/**", "src/db/**", "src/app.ts"],
    rules: restrict(fromSrcIntoRoutes),
  },
  {
    // Tests, benches and scripts use the features and src/http, never a route module's internals.
    files: ["test/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts"],
    rules: restrict({
      regex: "(^|/)src/routes/",
      message: "Import from the feature or service layer, not src/routes (move the piece there).",
    }),
  },
  {
    // A migration is a frozen snapshot: live code changes, a merged migration must not.
    files: ["migrations/**/*.ts"],
    rules: restrict({
      regex: "(^|/)src/",
      message: "Migrations import no live code: copy what the migration needs into it.",
    }),
  },
  prettier,
);
