// Geographical location: named regions, and a point typed or picked on a map of the islands
// drawn here (no map tiles: nothing is fetched from outside the registry's origin).
import { Group, MultiSelect, NumberInput, Stack, Text } from "@mantine/core";
import { useT } from "../i18n";
import { addProject } from "../i18n/messages/addProject";

export type Point = { lat: number; lon: number };
type Value = { regions: string[]; point: Point | null };

// The map's frame: Vanuatu's extent (lon 166–171 E, lat 13–21 S).
const W = 300, H = 360, LON0 = 166, LON1 = 171, LAT0 = -13, LAT1 = -21;
const ISLANDS: [number, number, number][] = [
  [166.7, -15.3, 0.45], [167.2, -15.5, 0.25], [167.8, -16.3, 0.3], [168.2, -15.4, 0.2], [168.3, -16.3, 0.2],
  [168.3, -17.7, 0.25], [169.3, -18.8, 0.25], [169.3, -19.5, 0.2], [167.5, -13.9, 0.15], [169.8, -20.2, 0.1],
];
const x = (lon: number) => ((lon - LON0) / (LON1 - LON0)) * W;
const y = (lat: number) => ((lat - LAT0) / (LAT1 - LAT0)) * H;

export function LocationPicker({ regions, value, onChange, error }: { regions: string[]; value: Value; onChange: (v: Value) => void; error?: string | undefined }) {
  const { t } = useT(addProject);
  const pick = (e: React.MouseEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const lon = LON0 + ((e.clientX - box.left) / box.width) * (LON1 - LON0);
    const lat = LAT0 + ((e.clientY - box.top) / box.height) * (LAT1 - LAT0);
    onChange({ ...value, point: { lat: Math.round(lat * 10000) / 10000, lon: Math.round(lon * 10000) / 10000 } });
  };
  const setCoord = (key: "lat" | "lon", v: number | string) => {
    if (typeof v !== "number") { onChange({ ...value, point: null }); return; }
    onChange({ ...value, point: { lat: value.point?.lat ?? -17.74, lon: value.point?.lon ?? 168.31, [key]: v } });
  };
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>{t("map.location")} <span aria-hidden>*</span></Text>
      <Group align="flex-start" wrap="wrap">
        <svg width={W / 1.5} height={H / 1.5} viewBox={`0 0 ${W} ${H}`} onClick={pick} role="img" aria-label={t("map.label")}
          style={{ background: "#e7f5ff", borderRadius: 8, cursor: "crosshair", border: "1px solid #ced4da" }}>
          {ISLANDS.map(([lon, lat, r], i) => <ellipse key={i} cx={x(lon)} cy={y(lat)} rx={(r * W) / 5} ry={(r * H) / 8} fill="#8ce99a" stroke="#2b8a3e" />)}
          {value.point && <circle cx={x(value.point.lon)} cy={y(value.point.lat)} r={7} fill="#c92a2a" stroke="white" strokeWidth={2} />}
        </svg>
        <Stack gap="xs" style={{ flex: 1, minWidth: 220 }}>
          <MultiSelect label={t("map.regions")} data={regions} value={value.regions} onChange={(r) => onChange({ ...value, regions: r })} error={error} />
          <Group grow>
            <NumberInput label={t("map.latitude")} decimalScale={4} min={-90} max={90} value={value.point?.lat ?? ""} onChange={(v) => setCoord("lat", v)} />
            <NumberInput label={t("map.longitude")} decimalScale={4} min={-180} max={180} value={value.point?.lon ?? ""} onChange={(v) => setCoord("lon", v)} />
          </Group>
        </Stack>
      </Group>
    </Stack>
  );
}
