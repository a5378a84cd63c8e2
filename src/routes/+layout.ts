// Parley is a single-page app: all state lives in the browser worker, nothing is rendered on a server.
export const ssr = false;
export const prerender = false;
