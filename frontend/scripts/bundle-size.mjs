// Prints the gzipped size of every built JS/CSS file and fails the build if the main bundle
// (the entry chunk index.html loads) is 300 KB or more gzipped.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const LIMIT = 300 * 1024;
const html = readFileSync("dist/index.html", "utf8");
const entry = /<script type="module"[^>]*src="\/assets\/([^"]+)"/.exec(html)?.[1];
if (!entry) throw new Error("no entry script in dist/index.html");
const sizes = {};
for (const name of readdirSync("dist/assets")) {
  if (!/\.(js|css)$/.test(name)) continue;
  sizes[name] = gzipSync(readFileSync(`dist/assets/${name}`), { level: 9 }).length;
  console.log(`${name.padEnd(40)} ${(sizes[name] / 1024).toFixed(1).padStart(8)} KB gzipped`);
}
const main = sizes[entry];
console.log(`main bundle ${entry}: ${(main / 1024).toFixed(1)} KB gzipped (limit ${LIMIT / 1024} KB)`);
writeFileSync("dist/bundle-size.json", JSON.stringify({ entry, gzipBytes: main, limit: LIMIT, sizes }));
if (main >= LIMIT) {
  console.error("the main bundle is over the limit");
  process.exit(1);
}
