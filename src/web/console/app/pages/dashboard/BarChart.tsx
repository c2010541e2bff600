/**
 * A bar chart of one value or more per day, hand-written SVG: bars side by side within each day,
 * scaled to the period's largest value. To a screen reader it is one image whose name is `summary`
 * (the numbers themselves are in the table beside it); to a mouse each bar tells its value.
 */
import { shortDate } from "./dates";

export interface Series {
  name: string;
  /** The CSS class that colours its bars (dashboard.css). */
  className: string;
  values: number[];
}

const SLOT = 10;
const HEIGHT = 100;

export function BarChart(props: { dates: string[]; series: Series[]; summary: string; format: (value: number) => string }) {
  const { dates, series } = props;
  const max = Math.max(0, ...series.flatMap((s) => s.values));
  const scale = max === 0 ? 0 : HEIGHT / max;
  const inner = SLOT * 0.8;
  const barWidth = inner / series.length;
  return (
    <figure class="chart">
      <div class="chart-plot">
        <span class="chart-max" aria-hidden="true">{props.format(max)}</span>
        <svg role="img" aria-label={props.summary} viewBox={`0 0 ${dates.length * SLOT} ${HEIGHT}`} preserveAspectRatio="none" focusable="false">
          <line class="chart-grid" x1="0" x2={dates.length * SLOT} y1="0.5" y2="0.5" />
          <line class="chart-grid" x1="0" x2={dates.length * SLOT} y1={HEIGHT / 2} y2={HEIGHT / 2} />
          {dates.map((date, day) =>
            series.map((s, i) => {
              const value = s.values[day] ?? 0;
              if (value === 0) return null;
              // A value too small to see next to the largest still shows as a sliver.
              const height = Math.max(1.5, value * scale);
              return (
                <rect key={`${date}-${s.name}`} class={s.className} x={day * SLOT + (SLOT - inner) / 2 + i * barWidth} y={HEIGHT - height} width={barWidth} height={height}>
                  <title>{`${shortDate(date)}: ${s.name} ${props.format(value)}`}</title>
                </rect>
              );
            }),
          )}
          <line class="chart-axis" x1="0" x2={dates.length * SLOT} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} />
        </svg>
      </div>
      <div class="chart-dates" aria-hidden="true">
        <span>{dates[0] && shortDate(dates[0])}</span>
        <span>{dates.length > 1 && shortDate(dates[dates.length - 1]!)}</span>
      </div>
    </figure>
  );
}
