import reactHooks from "eslint-plugin-react-hooks"
import tseslint from "typescript-eslint"

const APP_LAYERS = { group: ["**/tests/**", "**/emulators/**"], message: "app/ imports neither tests/ nor emulators/ (app/server.ts loads emulators/ in demo mode)." }

export default tseslint.config(
  { ignores: ["build/", "public/build/", "app/generated/", "node_modules/", "test-results/", "playwright-report/"] },
  ...tseslint.configs.recommended,
  {
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: "Read configuration from app/utils/env.server.ts, which parses process.env once.",
        },
        {
          selector: "CallExpression[callee.name='parseWithZod']:not(Property[key.name='onValidate'] CallExpression)",
          message: "On the server read a form with parseSubmission (app/utils/forms.server.ts): a hand-made __intent__ gets a 400, never a 500.",
        },
      ],
    },
  },
  {
    // The app never depends on test code or on demo mode's emulators; app/server.ts alone loads emulators/ (DEMO=1).
    files: ["app/**"],
    ignores: ["app/**/*.test.ts", "app/**/*.test.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [APP_LAYERS],
          paths: [{ name: "@conform-to/react", importNames: ["useForm"], message: "Use useAppForm (app/utils/use-form.ts): a refused form then always shows its errors." }],
        },
      ],
    },
  },
  {
    files: ["app/utils/use-form.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [APP_LAYERS] }] },
  },
  {
    // Playwright fixtures receive a `use` callback that is not React's hook.
    files: ["tests/e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    files: ["app/utils/env.server.ts", "**/*.test.ts", "scripts/**", "tests/**", "playwright.config.ts", "vitest.config.ts", "bench/**", ".ci/**"],
    rules: { "no-restricted-syntax": "off" },
  },
)
