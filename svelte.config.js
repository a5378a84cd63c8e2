import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    // A single-page app: every route falls back to index.html, nothing is server-rendered.
    adapter: adapter({ fallback: 'index.html', strict: true }),
    alias: { $shared: 'src/lib/shared' },
  },
};

export default config;
