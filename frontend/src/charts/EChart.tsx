// One ECharts chart, tree-shaken: only the chart types and components the registry's pages use,
// drawn as SVG (crisp, printable, no canvas). The pages that use it are lazy-loaded chunks, so
// ECharts never weighs on the main bundle.
import { BarChart, MapChart, PieChart, ScatterChart } from "echarts/charts";
import {
  AriaComponent, DatasetComponent, GeoComponent, GridComponent, LegendComponent, TooltipComponent,
  VisualMapComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import type { EChartsCoreOption } from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

echarts.use([
  BarChart, PieChart, MapChart, ScatterChart, AriaComponent, DatasetComponent, GeoComponent,
  GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, SVGRenderer,
]);

export { echarts };

/** A chart of option; label names it for screen readers (the figures are also shown as text). */
export function EChart({ option, label, height = 260, testId }: { option: EChartsCoreOption; label: string; height?: number; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const latest = useRef(option);
  latest.current = option;
  // A chart is drawn when it comes near the viewport: the charts below the fold do not hold up
  // the first screen (the dashboard's render time is measured in the browser tests).
  useEffect(() => {
    const node = ref.current;
    if (!node) return undefined;
    let resize: ResizeObserver | null = null;
    const visible = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting) || chart.current) return;
      const instance = echarts.init(node, null, { renderer: "svg" });
      chart.current = instance;
      instance.setOption({ aria: { enabled: true }, animation: false, ...latest.current }, true);
      resize = new ResizeObserver(() => instance.resize());
      resize.observe(node);
      visible.disconnect();
    }, { rootMargin: "200px" });
    visible.observe(node);
    return () => { visible.disconnect(); resize?.disconnect(); chart.current?.dispose(); chart.current = null; };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, animation: false, ...option }, true);
  }, [option]);
  return <div ref={ref} role="img" aria-label={label} data-testid={testId} style={{ width: "100%", height }} />;
}
