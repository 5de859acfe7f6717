// The overview's latency charts: reads GET /api/admin/overview and draws, per series, an inline
// SVG of the last 60 minutes (p50 line, p95 dashed line, request counts as faint bars). No chart
// library: the page's CSP allows scripts from this server only.
"use strict";

(() => {
  const SVG = "http://www.w3.org/2000/svg";
  const W = 600, H = 180, LEFT = 52, RIGHT = 8, TOP = 10, BOTTOM = 22;

  function el(name, attributes, text) {
    const node = document.createElementNS(SVG, name);
    Object.entries(attributes || {}).forEach(([k, v]) => node.setAttribute(k, String(v)));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function niceMax(value) {
    if (value <= 0) return 10;
    const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    for (const step of [1, 2, 5, 10]) {
      if (value <= step * magnitude) return step * magnitude;
    }
    return 10 * magnitude;
  }

  function draw(figure, series) {
    const minutes = series.minutes;
    const requests = minutes.reduce((sum, m) => sum + m.count, 0);
    const max = niceMax(Math.max(...minutes.map((m) => m.p95Millis)));
    const maxCount = Math.max(1, ...minutes.map((m) => m.count));
    const x = (i) => LEFT + (i * (W - LEFT - RIGHT)) / Math.max(1, minutes.length - 1);
    const y = (ms) => TOP + (H - TOP - BOTTOM) * (1 - ms / max);
    const svg = el("svg", {
      viewBox: `0 0 ${W} ${H}`,
      role: "img",
      "aria-label": `${figure.querySelector("figcaption").textContent}: ${requests} in the last hour`,
    });
    const barWidth = (W - LEFT - RIGHT) / minutes.length;
    minutes.forEach((m, i) => {
      if (m.count === 0) return;
      const h = ((H - TOP - BOTTOM) * m.count) / maxCount;
      svg.appendChild(el("rect", { class: "count", x: x(i) - barWidth / 2, y: H - BOTTOM - h, width: barWidth * 0.8, height: h }));
    });
    svg.appendChild(el("line", { class: "axis", x1: LEFT, y1: H - BOTTOM, x2: W - RIGHT, y2: H - BOTTOM }));
    svg.appendChild(el("line", { class: "axis", x1: LEFT, y1: TOP, x2: LEFT, y2: H - BOTTOM }));
    svg.appendChild(el("text", { x: LEFT - 4, y: TOP + 8, "text-anchor": "end" }, max >= 1000 ? `${max / 1000} s` : `${max} ms`));
    svg.appendChild(el("text", { x: LEFT - 4, y: H - BOTTOM, "text-anchor": "end" }, "0"));
    svg.appendChild(el("text", { x: LEFT, y: H - 6 }, "-60 min"));
    svg.appendChild(el("text", { x: W - RIGHT, y: H - 6, "text-anchor": "end" }, "now"));
    for (const key of ["p95Millis", "p50Millis"]) {
      // a line through the minutes that had requests; gaps where there were none
      let d = "";
      let pen = false;
      minutes.forEach((m, i) => {
        if (m.count === 0) { pen = false; return; }
        d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(m[key]).toFixed(1)} `;
        pen = true;
      });
      const path = el("path", { class: key === "p50Millis" ? "p50" : "p95", d: d.trim() || "M0,0" });
      svg.appendChild(path);
      minutes.forEach((m, i) => {
        if (m.count > 0) svg.appendChild(el("circle", { class: key === "p50Millis" ? "p50" : "p95", cx: x(i), cy: y(m[key]), r: 1.8 }));
      });
    }
    const last = [...minutes].reverse().find((m) => m.count > 0);
    const legend = document.createElement("div");
    legend.className = "legend";
    const parts = [
      ["p50", last ? `p50 ${last.p50Millis} ms` : "p50"],
      ["p95", last ? `p95 ${last.p95Millis} ms` : "p95"],
      ["", `${requests} in the last hour`],
    ];
    for (const [cls, text] of parts) {
      const span = document.createElement("span");
      if (cls) span.className = cls;
      span.textContent = text;
      legend.appendChild(span);
    }
    figure.querySelectorAll("p.empty, svg, .legend").forEach((n) => n.remove());
    figure.appendChild(svg);
    figure.appendChild(legend);
    figure.dataset.requests = String(requests);
    if (requests === 0) {
      const none = document.createElement("p");
      none.className = "empty";
      none.textContent = "Nothing in the last hour.";
      figure.appendChild(none);
    }
  }

  async function refresh() {
    try {
      const overview = await Admin.api("GET", "overview");
      document.querySelectorAll("figure.chart[data-series]").forEach((figure) => {
        draw(figure, overview.latency[figure.dataset.series]);
      });
    } catch (e) {
      Admin.flash(`The latency could not be loaded: ${e.message}`, true);
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    refresh();
    setInterval(refresh, 30000);
  });
})();
