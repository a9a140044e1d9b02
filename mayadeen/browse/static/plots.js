// The plots page (templates/pages/plots.html): each chart reads its canned query as JSON rows.
"use strict";

async function rows(element) {
  const answer = await fetch(element.dataset.source);
  if (!answer.ok) throw new Error(`${element.dataset.source}: HTTP ${answer.status}`);
  const result = await answer.json();
  if (result.truncated) {
    // Past Datasette's max_returned_rows: say so rather than draw a partial picture silently.
    const note = document.createElement("p");
    note.className = "mayadeen-truncated";
    note.textContent = `Only the first ${result.rows.length} rows of the query are drawn.`;
    element.after(note);
  }
  return result.rows;
}

// One trace per value of `seriesKey`: x along `xKey`, y from `yKey`, 0 where a series has no row
// (a tag absent in a month is a fall to zero, not a line drawn across the gap).
function series(data, xKey, seriesKey, yKey) {
  const xs = [...new Set(data.map((r) => r[xKey]))].sort();
  const names = [...new Set(data.map((r) => r[seriesKey] ?? "(none)"))].sort();
  const values = new Map(names.map((n) => [n, new Map()]));
  for (const r of data) values.get(r[seriesKey] ?? "(none)").set(r[xKey], r[yKey]);
  return names.map((name) => ({ name, x: xs, y: xs.map((x) => values.get(name).get(x) ?? 0) }));
}

const layout = (yTitle) => ({
  margin: { t: 10, r: 10 },
  xaxis: { type: "date" },
  yaxis: { title: { text: yTitle }, rangemode: "tozero" },
  legend: { orientation: "h", y: -0.2 },
});

const charts = {
  "articles-per-day": (data) => [
    series(data, "day", "section", "articles").map((t) => ({ ...t, type: "bar" })),
    { ...layout("articles"), barmode: "stack" },
  ],
  "ticker-per-day": (data) => [
    [{ name: "ticker lines", type: "bar", x: data.map((r) => r.day), y: data.map((r) => r.lines) }],
    // The ticker is only seen while crawling: a few days, each named, not a calendar.
    { ...layout("lines"), xaxis: { type: "category" } },
  ],
  "tag-trends": (data) => [
    series(data, "month", "tag", "articles").map((t) => ({ ...t, type: "scatter", mode: "lines+markers" })),
    layout("articles per month"),
  ],
};

for (const [id, draw] of Object.entries(charts)) {
  const element = document.getElementById(id);
  rows(element)
    .then((data) => {
      const [traces, chartLayout] = draw(data);
      return Plotly.newPlot(element, traces, chartLayout, { responsive: true, displaylogo: false });
    })
    .then(() => element.setAttribute("data-drawn", "true"))
    .catch((error) => {
      element.textContent = `This plot could not be drawn: ${error.message}`;
      console.error(error);
    });
}
