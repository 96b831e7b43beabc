import js from "@eslint/js";
import tseslint from "typescript-eslint";

// The boundaries between the stages (issue 15). Import specifiers are relative, so the patterns
// match the directory names wherever the import starts from.
const NO_CHECK_MODULE = {
  regex: "(^|/)checks/(lat-|lib/)",
  message: "src/ knows checks only through the registry (checks/index.js) and their metadata.",
};
const NO_GATHER = {
  regex: "^(\\.\\./)+aws/",
  message: "Renderers read the report and the topology, never the AWS layer (src/aws).",
};
const NO_GATHER_OR_RENDER = {
  regex: "(^|/)src/(aws|render)/",
  message: "Checks are pure: no AWS calls (src/aws), no rendering (src/render).",
};

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/**/*.ts"],
    ignores: ["src/render/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [NO_CHECK_MODULE] }] },
  },
  {
    files: ["src/render/**/*.ts", "src/render/**/*.tsx"],
    rules: { "no-restricted-imports": ["error", { patterns: [NO_CHECK_MODULE, NO_GATHER] }] },
  },
  {
    files: ["checks/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [NO_GATHER_OR_RENDER] }] },
  },
);
