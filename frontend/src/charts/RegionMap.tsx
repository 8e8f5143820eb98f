// The country's first-level regions (Vanuatu's six provinces, shipped with the UI: no tiles,
// nothing fetched) shaded by a count per region, with project locations as points.
import { Text } from "@mantine/core";
import { useMemo } from "react";
import provinces from "../map/vanuatu-provinces.json";
import { EChart, echarts } from "./EChart";

echarts.registerMap("VU", provinces as unknown as Parameters<typeof echarts.registerMap>[1]);

export type MapPoint = { name: string; lon: number; lat: number };
type Count = { key: string; count: number };

/** A GeoJSON Point's (or a polygon's first vertex's) lon/lat, else null. */
export function pointOf(geometry: unknown): [number, number] | null {
  let coords: unknown = (geometry as { coordinates?: unknown } | null)?.coordinates;
  while (Array.isArray(coords) && Array.isArray(coords[0])) coords = coords[0];
  if (Array.isArray(coords) && typeof coords[0] === "number" && typeof coords[1] === "number") return [coords[0], coords[1]];
  return null;
}

export function RegionMap({ counts, points, label, countLabel, attribution }: { counts: Count[]; points: MapPoint[]; label: string; countLabel: string; attribution: string }) {
  const option = useMemo(() => {
    const max = Math.max(1, ...counts.map((c) => c.count));
    return {
      tooltip: { trigger: "item" },
      visualMap: { min: 0, max, left: 0, bottom: 0, calculable: false, inRange: { color: ["#e6fcf5", "#087f5b"] }, text: [String(max), "0"], seriesIndex: 0 },
      geo: { map: "VU", roam: false, itemStyle: { areaColor: "#e9ecef", borderColor: "#495057" }, emphasis: { label: { show: true } } },
      series: [
        {
          type: "map", geoIndex: 0, name: countLabel,
          data: counts.map((c) => ({ name: c.key, value: c.count })),
        },
        {
          type: "scatter", coordinateSystem: "geo", name: label, symbolSize: 9,
          itemStyle: { color: "#c92a2a", borderColor: "#fff", borderWidth: 1 },
          data: points.map((p) => ({ name: p.name, value: [p.lon, p.lat] })),
          tooltip: { formatter: (p: { name: string }) => p.name },
        },
      ],
    };
  }, [counts, points, label, countLabel]);
  return (
    <>
      <EChart option={option} label={label} height={420} testId="region-map" />
      <Text size="sm" data-testid="region-counts">
        {provinces.features.map((f) => `${f.properties.name}: ${counts.find((c) => c.key === f.properties.name)?.count ?? 0}`).join(" · ")}
      </Text>
      <Text size="xs" c="dimmed">{attribution}</Text>
    </>
  );
}
