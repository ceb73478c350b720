// The Sankey on the page: the core chooses the nodes (levels, tree order, "others"), this
// only draws them. d3-sankey lays out numbers; every figure shown (on hover) is the core's
// exact decimal string. A click on a node follows its threads: the links on any path
// through it stay, the others fade, and `onFocus` hears which goals it reaches.
import { sankey as d3Sankey } from "d3-sankey";

const COLOURS = { org_unit: "#5c6bc0", project: "#26a69a", program: "#8d6e63", goal: "#b8860b", leak: "#c62828", code: "#2e7d32" };
const SVG = "http://www.w3.org/2000/svg";

// A flow's value as decimal text. JSON numbers past 2^53 arrive rounded (and past 10^21 in
// exponent form): shown as the integer the browser holds, the core's exact figures being
// in the report and the diff.
const text = (v) => (typeof v === "number" && Number.isInteger(v) && !Number.isSafeInteger(v) ? BigInt(v).toString() : String(v));

function svg(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The nodes on a path through node `i`: its ancestors and descendants, and itself. */
function threadOf(i, links) {
  const reach = (from, to) => {
    const seen = new Set([i]);
    const stack = [i];
    while (stack.length) {
      const n = stack.pop();
      for (const l of links) {
        if (l[from] === n && !seen.has(l[to])) { seen.add(l[to]); stack.push(l[to]); }
      }
    }
    return seen;
  };
  return new Set([...reach("source", "target"), ...reach("target", "source")]);
}

/**
 * Draws `data` ({nodes, links}) into the <svg> `root`.
 * `words`: {label(node), amount(value text), empty, negative(n)}; `rtl` mirrors it;
 * `onFocus(node | null, goalIds)` is called when a node is chosen or let go.
 */
export function drawSankey(root, data, { words, rtl, onFocus }) {
  root.replaceChildren();
  if (data.links.length === 0) {
    root.append(svg("text", { x: 10, y: 20 }, words.empty));
    return;
  }
  const width = root.clientWidth || 1100;
  const columns = new Map();
  for (const n of data.nodes) columns.set(n.kind, (columns.get(n.kind) ?? 0) + 1);
  const tallest = Math.max(...columns.values());
  const height = Math.max(360, Math.min(1400, tallest * 18));
  root.setAttribute("viewBox", `0 0 ${width} ${height}`);
  root.style.height = `${height}px`;
  // A flow can only be drawn above zero: net negative links (reversals that outweigh the
  // rest) are left out of the drawing and counted under it.
  const drawn = data.links.map((l, k) => ({ ...l, k })).filter((l) => Number(l.value) > 0);
  const layout = d3Sankey()
    .nodeWidth(10)
    .nodePadding(4)
    .nodeSort(null) // the core's order: goals as in the tree
    .extent([[1, 1], [width - 180, height - 1]]);
  const graph = layout({
    nodes: data.nodes.map((n) => ({ ...n })),
    links: drawn.map((l) => ({ source: l.source, target: l.target, value: Number(l.value), k: l.k })),
  });
  if (rtl) {
    for (const n of graph.nodes) [n.x0, n.x1] = [width - n.x1, width - n.x0];
  }
  const path = (l) => {
    const [x0, x1] = rtl ? [l.source.x0, l.target.x1] : [l.source.x1, l.target.x0];
    const mid = (x0 + x1) / 2;
    return `M${x0},${l.y0}C${mid},${l.y0} ${mid},${l.y1} ${x1},${l.y1}`;
  };
  const inflow = new Map();
  const outflow = new Map();
  for (const l of data.links) {
    inflow.set(l.target, (inflow.get(l.target) ?? []).concat(text(l.value)));
    outflow.set(l.source, (outflow.get(l.source) ?? []).concat(text(l.value)));
  }
  const linkEls = [];
  const links = svg("g");
  for (const l of graph.links) {
    const original = data.links[l.k];
    const p = svg("path", { d: path(l), class: "link", stroke: COLOURS[l.target.kind] ?? "#999", "stroke-width": Math.max(1, l.width) });
    p.append(svg("title", {}, `${words.label(l.source)} → ${words.label(l.target)}: ${words.amount(text(original.value))}`));
    links.append(p);
    linkEls.push([p, l.source.index, l.target.index]);
  }
  const nodes = svg("g");
  let focused = null;
  const focus = (i) => {
    focused = focused === i ? null : i;
    const on = focused === null ? null : threadOf(focused, data.links);
    for (const [p, s, t] of linkEls) p.classList.toggle("faded", on !== null && !(on.has(s) && on.has(t)));
    for (const g of nodes.children) g.classList.toggle("faded", on !== null && !on.has(Number(g.dataset.index)));
    const goals = on === null ? [] : [...on].map((k) => data.nodes[k]).filter((n) => n.kind === "goal").map((n) => n.id);
    onFocus(focused === null ? null : data.nodes[focused], goals);
  };
  for (const n of graph.nodes) {
    const g = svg("g", { "data-node": n.id, "data-index": n.index, class: "node" });
    const rect = svg("rect", { x: n.x0, y: n.y0, width: n.x1 - n.x0, height: Math.max(1, n.y1 - n.y0), fill: COLOURS[n.kind] ?? "#999" });
    // On hover: the node and the exact sums through it (decimal strings from the core).
    const through = (list) => words.amount(list ? words.sum(list) : "0");
    rect.append(svg("title", {}, `${words.label(n)} — ${n.name}\n→ ${through(inflow.get(n.index))}\n← ${through(outflow.get(n.index))}`));
    g.append(rect);
    if (n.y1 - n.y0 > 6 || n.kind !== "project") {
      const [x, anchor] = rtl ? [n.x0 - 4, "end"] : [n.x1 + 4, "start"];
      g.append(svg("text", { x, y: (n.y0 + n.y1) / 2, "dominant-baseline": "middle", "text-anchor": anchor }, words.label(n)));
    }
    g.addEventListener("click", (e) => { e.stopPropagation(); focus(n.index); });
    nodes.append(g);
  }
  root.onclick = () => { if (focused !== null) focus(focused); };
  root.append(links, nodes);
  const negative = data.links.length - drawn.length;
  if (negative > 0) {
    root.append(svg("text", { x: 10, y: height - 6, class: "note" }, words.negative(negative)));
  }
}
