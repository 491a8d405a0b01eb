/** Shell scripts imported as their text (esbuild's `text` loader in scripts/build.mjs; a plugin in vitest.config.ts). */
declare module '*.sh' {
  const text: string;
  export default text;
}
