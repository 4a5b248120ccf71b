// A flow drawn from the server's diagram (POST /flows/validate): its steps as boxes in layers
// (diagram-layout.ts) and where each can go next as arrows with their labels. Drawn by the
// console's ECharts component with the graph series added, so it shares the dashboard's chunk.
import { GraphChart } from 'echarts/charts';
import { use } from 'echarts/core';
import { useEffect, useMemo, useRef } from 'react';
import type { FlowDiagram as Diagram } from '../../../../src/contracts/admin.js';
import EChart from '../EChart.js';
import { useStrings } from '../i18n.js';
import { layoutDiagram } from './diagram-layout.js';

use([GraphChart]);

/** A colour per kind of step, so asks, tool calls and hand-offs stand out. */
const KIND_COLORS: Record<string, string> = {
  say: '#1677ff',
  ask: '#13c2c2',
  call: '#722ed1',
  branch: '#fa8c16',
  confirm: '#2f54eb',
  tag: '#eb2f96',
  handoff: '#f5222d',
  end: '#52c41a',
};

const NODE_W = 128;
const NODE_H = 34;
const MARGIN = 24;

export function FlowDiagram({ diagram, stale = false }: { diagram: Diagram; stale?: boolean }) {
  const t = useStrings();
  const { option, width, height } = useMemo(() => {
    const layout = layoutDiagram(diagram);
    const placed = new Map(layout.map((p) => [p.id, p]));
    // ECharts fits the steps' coordinates into the series' box. Two invisible anchors at the
    // corners of the layout (with room for the boxes) make that rectangle the chart's own size, so
    // the scale is one: boxes never overlap however many steps a layer has (the panel scrolls), and
    // a flow drawn in one column is not squeezed to nothing.
    const xs = layout.map((p) => p.x);
    const minX = Math.min(0, ...xs) - NODE_W / 2 - MARGIN;
    const maxX = Math.max(0, ...xs) + NODE_W / 2 + MARGIN;
    const minY = -NODE_H / 2 - MARGIN;
    const maxY = Math.max(0, ...layout.map((p) => p.y)) + NODE_H / 2 + MARGIN;
    const box = { width: maxX - minX, height: maxY - minY };
    const anchor = (name: string, x: number, y: number) => ({ name, x, y, symbolSize: 0, label: { show: false }, tooltip: { show: false }, silent: true });
    const option = {
      tooltip: { formatter: (p: { data?: { tip?: string } }) => p.data?.tip ?? '' },
      series: [
        {
          type: 'graph',
          layout: 'none',
          roam: false,
          left: 0,
          right: 0,
          top: 0,
          bottom: 0,
          symbol: 'roundRect',
          symbolSize: [NODE_W, NODE_H],
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: 8,
          label: { show: true, color: '#fff', fontSize: 12, overflow: 'truncate', width: 120 },
          edgeLabel: { fontSize: 11, color: '#595959' },
          lineStyle: { color: '#8c8c8c', width: 1.2, curveness: 0.18 },
          data: [
            anchor('\u0000top-left', minX, minY),
            anchor('\u0000bottom-right', maxX, maxY),
            ...diagram.nodes.map((n) => {
            const p = placed.get(n.id)!;
            return {
              name: n.id,
              x: p.x,
              y: p.y,
              tip: `${n.id} · ${n.kind}${p.unreachable ? ` · ${t.sop.unreachable}` : ''}<br/>${escapeHtml(n.label)}`,
              label: { formatter: n.label || n.id },
              itemStyle: { color: KIND_COLORS[n.kind] ?? '#595959', opacity: p.unreachable ? 0.45 : 1, borderColor: p.unreachable ? '#f5222d' : 'transparent', borderWidth: 2, borderType: 'dashed' },
            };
            }),
          ],
          links: diagram.edges.map((e) => ({ source: e.from, target: e.to, label: { show: e.label !== '', formatter: e.label.replace(/[{}]/g, '') } })),
        },
      ],
    };
    return { option, width: box.width, height: box.height };
  }, [diagram, t]);
  const scroller = useRef<HTMLDivElement>(null);
  // The first step is drawn at the middle: a flow wider than the panel opens scrolled to it.
  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollLeft = (el.scrollWidth - el.clientWidth) / 2;
  }, [width]);
  return (
    <div ref={scroller} className={stale ? 'flow-diagram flow-diagram-stale' : 'flow-diagram'} data-testid="flow-diagram" data-nodes={diagram.nodes.length} data-edges={diagram.edges.length} data-stale={stale}>
      {stale && <div className="flow-diagram-note">{t.sop.staleDiagram}</div>}
      <div style={{ width, margin: '0 auto' }}>
        <EChart option={option} height={height} label={diagram.nodes.map((n) => n.id).join(' → ')} />
      </div>
    </div>
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
