/** Vite's `?url` suffix: the built URL of an asset (here, only the libsecp256k1 binary). */
declare module '*.wasm?url' {
  const url: string;
  export default url;
}
