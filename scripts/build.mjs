// npm run build: compiles the bot to dist/ with the native TypeScript compiler, then adds what tsc
// does not emit — the web assets and the classifier model, which modules find next to themselves —
// and the two entry points an operator starts: dist/main.js (the bot) and dist/world-main.js.
// Plain JavaScript, so that building needs nothing but Node and the dev dependencies.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

rmSync('dist', { recursive: true, force: true });
execFileSync(path.join('node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { stdio: 'inherit' });

cpSync('src/web/assets', 'dist/src/web/assets', { recursive: true });
mkdirSync('dist/config', { recursive: true });
cpSync('config/model.json', 'dist/config/model.json');

const entry = (target) => `// Entry point of the production build (npm run build); see docs/deployment.md.\nimport './src/${target}';\n`;
writeFileSync('dist/main.js', entry('main.js'));
writeFileSync('dist/world-main.js', entry('world-main.js'));
console.log('Built dist/: node dist/main.js (bot), node dist/world-main.js (world server), node dist/scripts/migrate.js (migrations)');
