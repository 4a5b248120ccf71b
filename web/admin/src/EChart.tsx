// One ECharts chart on a canvas. This module is loaded on demand (see Chart.tsx), so ECharts is a
// chunk of its own that the first paint never waits for; only the chart kinds the console draws
// are registered, which keeps that chunk small.
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { init, use, type EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

use([BarChart, PieChart, GridComponent, TooltipComponent, CanvasRenderer]);

export interface EChartProps {
  option: EChartsCoreOption;
  height: number;
  /** What the chart shows, for screen readers (the figures are also in the tables beside it). */
  label: string;
}

export default function EChart({ option, height, label }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init> | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    // Marks the chart drawn (animations over), so tests and screenshots can wait for it.
    c.on('finished', () => el.setAttribute('data-rendered', 'true'));
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // Drawn again (and animated) from here: marked once it has finished.
    box.current?.removeAttribute('data-rendered');
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} className="chart" style={{ height }} role="img" aria-label={label} data-testid="chart" />;
}
