// Renders every formula of a JSON file [{"tex": ..., "display": bool, "from": ...}] with KaTeX, as strictly as
// KaTeX allows (an unknown command, a LaTeX-incompatible input: errors). Prints one line per failure, then
// "rendered N"; exit 1 on any failure. Usage: node render.js KATEX_PREFIX FORMULAS.json
const path = require('path');
const fs = require('fs');
const katex = require(path.join(process.argv[2], 'node_modules', 'katex'));
const items = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
let failed = 0;
for (const it of items) {
  try {
    katex.renderToString(it.tex, {displayMode: it.display, throwOnError: true, strict: 'error'});
  } catch (e) {
    failed++;
    console.log('FAIL ' + it.from + ': ' + e.message.split('\n')[0]);
  }
}
console.log('rendered ' + (items.length - failed) + ' of ' + items.length);
process.exit(failed ? 1 : 0);
