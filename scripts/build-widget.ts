// Build the web chat widget into one small file, dist/widget/widget.js, served at GET /widget.js.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = path.resolve(import.meta.dirname, '..');
export const WIDGET_ENTRY = path.join(ROOT, 'src/channels/webchat/widget/widget.ts');
export const WIDGET_OUT_DIR = path.join(ROOT, 'dist/widget');

export async function buildWidget(): Promise<void> {
  await build({
    configFile: false,
    root: ROOT,
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir: WIDGET_OUT_DIR,
      emptyOutDir: true,
      // Brand sites have all sorts of visitors: modest syntax, one self-running file.
      target: 'es2019',
      minify: true,
      sourcemap: false,
      lib: { entry: WIDGET_ENTRY, formats: ['iife'], name: 'ConversaChat', fileName: () => 'widget.js' },
    },
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildWidget();
