//! Charts drawn by the app as SVG (no chart service, no script): horizontal
//! bars for counts by status, category or area, and paired columns for the
//! weekly received/resolved chart. Each comes with its table of figures, which
//! is what screen readers and people who want the numbers read.

use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::tr;

const WIDTH: f64 = 320.0;
const ROW: f64 = 34.0;

/// `value` of `max` as a length out of `full` (at least a sliver when not 0,
/// so that a small count stays visible).
fn length(value: i64, max: i64, full: f64) -> f64 {
    if value <= 0 || max <= 0 {
        0.0
    } else {
        (value as f64 * full / max as f64).max(2.0)
    }
}

/// Horizontal bars, one per row, with the table of the same rows.
#[component]
pub fn BarChart(
    /// What the chart shows, said to screen readers and above the table.
    #[prop(into)]
    title: String,
    /// The heading of the labels' column.
    #[prop(into)]
    label: String,
    /// The heading of the values' column.
    #[prop(into)]
    value: String,
    rows: Vec<(String, i64)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let height = (rows.len() as f64 * ROW).max(ROW);
    let bar_space = WIDTH - 48.0;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, (name, n))| {
            let y = i as f64 * ROW;
            let w = length(*n, max, bar_space);
            view! {
                <text x="0" y=y + 12.0 class="chart-label">{name.clone()}</text>
                <rect x="0" y=y + 16.0 width=w height="12" rx="2" class="chart-bar"></rect>
                <text x=w + 6.0 y=y + 27.0 class="chart-figure">{*n}</text>
            }
        })
        .collect_view();
    let table_rows = rows
        .into_iter()
        .map(|(name, n)| view! { <tr><th scope="row">{name}</th><td>{n}</td></tr> })
        .collect_view();
    view! {
        <div class="dash-chart">
            <svg class="chart" viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=title.clone()
                preserveAspectRatio="xMinYMin meet">
                {bars}
            </svg>
            <details class="data-table">
                <summary>{tr!(i18n, dash_table)}</summary>
                <div class="table-scroll"><table>
                    <caption>{title}</caption>
                    <thead><tr><th scope="col">{label}</th><th scope="col">{value}</th></tr></thead>
                    <tbody>{table_rows}</tbody>
                </table></div>
            </details>
        </div>
    }
}

/// Paired columns per period (received, resolved), with a legend and the table.
#[component]
pub fn PairChart(
    #[prop(into)] title: String,
    /// The heading of the periods' column, and the two series' names.
    #[prop(into)]
    label: String,
    #[prop(into)] first: String,
    #[prop(into)] second: String,
    /// Each period's short label and its two counts.
    columns: Vec<(String, i64, i64)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let max = columns
        .iter()
        .map(|(_, a, b)| (*a).max(*b))
        .max()
        .unwrap_or(0);
    let (top, plot, bottom) = (14.0, 120.0, 18.0);
    let slot = WIDTH / columns.len().max(1) as f64;
    let bar = (slot - 6.0) / 2.0;
    let bars = columns
        .iter()
        .enumerate()
        .map(|(i, (name, a, b))| {
            let x = i as f64 * slot + 3.0;
            let (ha, hb) = (length(*a, max, plot), length(*b, max, plot));
            // Every other label: twelve do not fit a phone's width.
            let label = (i % 2 == 0).then(|| {
                view! {
                    <text x=x + bar y=top + plot + 14.0 class="chart-axis" text-anchor="middle">{name.clone()}</text>
                }
            });
            view! {
                <rect x=x y=top + plot - ha width=bar height=ha class="chart-bar"></rect>
                <rect x=x + bar y=top + plot - hb width=bar height=hb class="chart-bar second"></rect>
                {label}
            }
        })
        .collect_view();
    let table_rows = columns
        .into_iter()
        .map(|(name, a, b)| view! { <tr><th scope="row">{name}</th><td>{a}</td><td>{b}</td></tr> })
        .collect_view();
    view! {
        <div class="dash-chart">
            <p class="chart-legend" aria-hidden="true">
                <span class="key"></span>{first.clone()}" "
                <span class="key second"></span>{second.clone()}
            </p>
            <svg class="chart" viewBox=format!("0 0 {WIDTH} {}", top + plot + bottom) role="img" aria-label=title.clone()>
                <line x1="0" x2=WIDTH y1=top + plot y2=top + plot class="chart-baseline"></line>
                <text x="0" y="10" class="chart-axis">{max}</text>
                {bars}
            </svg>
            <details class="data-table">
                <summary>{tr!(i18n, dash_table)}</summary>
                <div class="table-scroll"><table>
                    <caption>{title}</caption>
                    <thead><tr>
                        <th scope="col">{label}</th><th scope="col">{first}</th><th scope="col">{second}</th>
                    </tr></thead>
                    <tbody>{table_rows}</tbody>
                </table></div>
            </details>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest() {
        assert_eq!(length(10, 10, 200.0), 200.0);
        assert_eq!(length(5, 10, 200.0), 100.0);
        assert_eq!(length(0, 10, 200.0), 0.0);
        // One of a thousand still shows.
        assert_eq!(length(1, 1000, 200.0), 2.0);
        assert_eq!(length(3, 0, 200.0), 0.0);
    }
}
