import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

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
  prettier,
);
