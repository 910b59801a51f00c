import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "data/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
      "no-console": ["error", { allow: ["error"] }],
    },
  },
  {
    files: ["src/cli.ts", "scripts/**", "bench/**", "test/**"],
    rules: { "no-console": "off" },
  },
  {
    // The web console runs in the browser.
    files: ["console/**/*.js"],
    languageOptions: { globals: globals.browser },
  },
);
