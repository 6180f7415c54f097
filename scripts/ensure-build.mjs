// `npm start` builds what is missing or older than its sources, so the first command just works.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function newest(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

function stale(output, sources) {
  if (!fs.existsSync(output)) return true;
  const built = fs.statSync(output).mtimeMs;
  return sources.some((s) => newest(s) > built);
}

if (stale('dist/cli/index.js', ['src'])) {
  console.log('Building the server…');
  execSync('npm run --silent build:server', { stdio: 'inherit' });
  fs.utimesSync('dist/cli/index.js', new Date(), new Date());
}
if (stale('dist/widget/widget.js', ['src/channels/webchat/widget'])) {
  console.log('Building the web chat widget…');
  execSync('npm run --silent build:widget', { stdio: 'inherit' });
}
if (fs.existsSync('web/index.html') && stale('web/dist/index.html', ['web/src', 'web/index.html'])) {
  console.log('Building the web app…');
  execSync('npm run --silent build:web', { stdio: 'inherit' });
}
