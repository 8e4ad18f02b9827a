// The digest as a picture: ECharts renders SVG on the server, resvg turns it into a PNG. The CJK
// font ships as an npm package (Noto Sans SC, OFL), so no system font is needed: this machine
// and a plain production server have none, and resvg would draw every Chinese label as boxes.
import { createRequire } from 'node:module';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { renderAsync } from '@resvg/resvg-js';
import { ratesOf, type DigestFigures } from '../domain/digest-model.js';
import { digestTitle, percent, type DigestNames } from './digest-text.js';

echarts.use([BarChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

const FONT_FAMILY = 'Noto Sans SC';
const FONT_FILE = createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
const WIDTH = 960;
const HEIGHT = 560;
const COLORS = ['#5470c6', '#91cc75', '#fac858', '#ee6666'];

/** The chart's SVG: bars per community (left) and per category (right). */
export function digestChartSvg(f: DigestFigures, names: DigestNames): string {
  const periodName = f.kind === 'daily' ? '今日' : '本周';
  const communities = [...new Set(f.breakdown.map((b) => b.community))];
  const sum = (pick: (b: DigestFigures['breakdown'][number]) => number, keep: (b: DigestFigures['breakdown'][number]) => boolean) =>
    f.breakdown.filter(keep).reduce((n, b) => n + pick(b), 0);
  const perCommunity = (pick: (b: DigestFigures['breakdown'][number]) => number) => communities.map((c) => sum(pick, (b) => b.community === c));
  const categories = [...new Set(f.breakdown.map((b) => b.category))]
    .map((code) => ({ code, created: sum((b) => b.created, (b) => b.category === code), open: sum((b) => b.open, (b) => b.category === code) }))
    .filter((c) => c.created + c.open > 0)
    .sort((a, b) => a.created + a.open - (b.created + b.open))
    .slice(-8);
  const r = ratesOf(f.period);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      color: COLORS,
      textStyle: { fontFamily: FONT_FAMILY },
      title: [
        {
          text: digestTitle(f, names).replace(/[【】]/g, ''),
          subtext:
            `${periodName}新增 ${f.period.created}　办结 ${f.period.resolved}　在办 ${f.totals.open}　超时 ${f.totals.overdue}　` +
            `按时签收 ${percent(r.claimOnTime)}　按时办结 ${percent(r.resolveOnTime)}　满意 ${percent(r.satisfaction)}`,
          left: 'center',
          textStyle: { fontFamily: FONT_FAMILY, fontSize: 22 },
          subtextStyle: { fontFamily: FONT_FAMILY, fontSize: 14, color: '#555' },
        },
        { text: '各社区', left: 50, top: 104, textStyle: { fontFamily: FONT_FAMILY, fontSize: 14, color: '#333' } },
        { text: `各类别（${periodName}新增 / 在办）`, left: 560, top: 104, textStyle: { fontFamily: FONT_FAMILY, fontSize: 14, color: '#333' } },
      ],
      legend: { top: 78, textStyle: { fontFamily: FONT_FAMILY } },
      grid: [
        { left: 50, right: 420, top: 130, bottom: 70 },
        { left: 660, right: 40, top: 130, bottom: 70 },
      ],
      xAxis: [
        { gridIndex: 0, type: 'category', data: communities.map((c) => names.community(c)), axisLabel: { fontFamily: FONT_FAMILY, interval: 0 } },
        { gridIndex: 1, type: 'value', minInterval: 1 },
      ],
      yAxis: [
        { gridIndex: 0, type: 'value', minInterval: 1 },
        { gridIndex: 1, type: 'category', data: categories.map((c) => names.category(c.code)), axisLabel: { fontFamily: FONT_FAMILY } },
      ],
      series: [
        { name: `${periodName}新增`, type: 'bar', xAxisIndex: 0, yAxisIndex: 0, data: perCommunity((b) => b.created), label: { show: true, position: 'top' } },
        { name: `${periodName}办结`, type: 'bar', xAxisIndex: 0, yAxisIndex: 0, data: perCommunity((b) => b.resolved), label: { show: true, position: 'top' } },
        { name: '在办', type: 'bar', xAxisIndex: 0, yAxisIndex: 0, data: perCommunity((b) => b.open), label: { show: true, position: 'top' } },
        { name: '超时', type: 'bar', xAxisIndex: 0, yAxisIndex: 0, data: perCommunity((b) => b.overdue), label: { show: true, position: 'top' } },
        { name: `${periodName}新增`, type: 'bar', xAxisIndex: 1, yAxisIndex: 1, data: categories.map((c) => c.created), label: { show: true, position: 'right' } },
        { name: '在办', type: 'bar', xAxisIndex: 1, yAxisIndex: 1, data: categories.map((c) => c.open), label: { show: true, position: 'right' } },
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The chart as PNG bytes (rendered off the event loop). */
export async function renderDigestChart(f: DigestFigures, names: DigestNames): Promise<Buffer> {
  const image = await renderAsync(digestChartSvg(f, names), {
    font: { loadSystemFonts: false, fontFiles: [FONT_FILE], defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    background: '#ffffff',
  });
  return image.asPng();
}
