// A chart whose ECharts code arrives in its own chunk the first time one is shown; until then a
// placeholder of the same height keeps the layout still.
import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import type { EChartProps } from './EChart.js';

const EChart = lazy(() => import('./EChart.js'));

export function Chart(props: EChartProps) {
  return (
    <Suspense
      fallback={
        <div className="chart chart-loading" style={{ height: props.height }}>
          <Spin />
        </div>
      }
    >
      <EChart {...props} />
    </Suspense>
  );
}
