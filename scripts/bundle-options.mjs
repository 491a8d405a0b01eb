// What both builds bundle alike: npm's dist/ (scripts/build.mjs) and the standalone executable
// (scripts/build-standalone.mjs), so that a source file either can read, the other can too.
export const SHARED_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  // The agentless gather script is a real file (src/bundle/gather.sh), imported as its text.
  loader: { '.sh': 'text' },
  logLevel: 'warning',
};
