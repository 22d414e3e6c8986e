import type { MonitoringReport } from './report';

/** ECharts options for the four report charts, keyed by the element id each is drawn in. */
export function reportCharts(report: MonitoringReport): Record<string, object> {
  const zones = [...new Set(report.trends.storage.flatMap((s) => Object.keys(s.bytesByZone)))];
  const byDataset = (points: MonitoringReport['trends']['quality']) =>
    [...new Set(points.map((p) => p.dataset))].map((dataset) => ({
      name: dataset,
      type: 'line',
      showSymbol: true,
      data: points.filter((p) => p.dataset === dataset).map((p) => [p.at, p.value]),
    }));
  const base = { animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 70, right: 20, top: 40, bottom: 40 } };
  const cost = report.cost;
  return {
    'chart-storage': {
      ...base,
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: 'MiB' },
      series: zones.map((zone) => ({
        name: zone,
        type: 'line',
        showSymbol: true,
        data: report.trends.storage.map((s) => [s.at, Math.round(((s.bytesByZone[zone] ?? 0) / 1024 ** 2) * 1000) / 1000]),
      })),
    },
    'chart-durations': {
      ...base,
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: 'ms' },
      series: byDataset(report.trends.batchDurations),
    },
    'chart-quality': {
      ...base,
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: '%', min: 0, max: 100 },
      series: byDataset(report.trends.quality),
    },
    'chart-cost': {
      ...base,
      tooltip: { trigger: 'item' },
      xAxis: {
        type: 'category',
        axisLabel: { interval: 0, rotate: 30 },
        data: cost ? [...Object.keys(cost.estimatedMonthly.byService), 'month to date', 'forecast', 'budget'] : [],
      },
      yAxis: { type: 'value', name: 'USD' },
      series: [
        {
          name: 'USD per month',
          type: 'bar',
          data: cost
            ? [
                ...Object.values(cost.estimatedMonthly.byService),
                cost.budget.monthToDateUsd,
                cost.budget.forecastUsd ?? 0,
                cost.budget.limitUsd,
              ].map((v) => Math.round(v * 10_000) / 10_000)
            : [],
        },
      ],
    },
  };
}
