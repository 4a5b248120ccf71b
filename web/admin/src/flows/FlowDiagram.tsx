// A flow drawn from the server's diagram (POST /flows/validate): its steps as boxes in layers
// (diagram-layout.ts) and where each can go next as arrows with their labels. Drawn by the
// console's ECharts component with the graph series added, so it shares the dashboard's chunk.
import { GraphChart } from 'echarts/charts';
import { use } from 'echarts/core';
import { useMemo } from 'react';
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

export function FlowDiagram({ diagram, height = 420 }: { diagram: Diagram; height?: number }) {
  const t = useStrings();
  const option = useMemo(() => {
    const placed = new Map(layoutDiagram(diagram).map((p) => [p.id, p]));
    return {
      tooltip: { formatter: (p: { data?: { tip?: string } }) => p.data?.tip ?? '' },
      series: [
        {
          type: 'graph',
          layout: 'none',
          roam: true,
          symbol: 'roundRect',
          symbolSize: [128, 34],
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: 8,
          label: { show: true, color: '#fff', fontSize: 12, overflow: 'truncate', width: 120 },
          edgeLabel: { fontSize: 11, color: '#595959' },
          lineStyle: { color: '#8c8c8c', width: 1.2, curveness: 0.18 },
          data: diagram.nodes.map((n) => {
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
          links: diagram.edges.map((e) => ({ source: e.from, target: e.to, label: { show: e.label !== '', formatter: e.label.replace(/[{}]/g, '') } })),
        },
      ],
    };
  }, [diagram, t]);
  return (
    <div data-testid="flow-diagram" data-nodes={diagram.nodes.length} data-edges={diagram.edges.length}>
      <EChart option={option} height={height} label={diagram.nodes.map((n) => n.id).join(' → ')} />
    </div>
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
