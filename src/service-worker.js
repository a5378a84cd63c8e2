// SvelteKit builds this file as the service worker and @vite-pwa/sveltekit injects the precache
// manifest into the bundle. The code is in service-worker-app.ts, which (unlike this file, which
// SvelteKit keeps out of the app's tsconfig) is type-checked and linted like the rest of src/.
import './service-worker-app.ts';
