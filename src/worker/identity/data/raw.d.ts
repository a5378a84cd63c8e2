/**
 * Vite's `?raw` suffix imports a file as a string (vitest supports it too). Declared narrowly for
 * the identity data files so it cannot clash with `vite/client`'s broader `*?raw` declaration.
 */
declare module '*.txt?raw' {
  const text: string;
  export default text;
}
