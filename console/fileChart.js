// The file's movement drawn as a chart: one bar per hold (who had the file, from when to when, how
// long), on one time axis. SVG with text labels, named for screen readers; the list beside it says
// the same in words.
import { t } from "./i18n.js";

const SVG = "http://www.w3.org/2000/svg";
const ROW = 34;
const LABEL = 210;
const WIDTH = 900;
const DAY_MS = 86_400_000;

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

const dayLabel = (ms) => `${(ms / DAY_MS).toFixed(1)} ${t("days")}`;

/**
 * @param movements the holds as GET /v1/files/:id/movements gives them (an open hold's calendarMs runs to the server's now)
 * @param holderText how a holder is named
 * @param when how a time is written (IST)
 */
export function movementChart(movements, holderText, when) {
  const end = (m) => Date.parse(m.from) + m.calendarMs;
  const start = Math.min(...movements.map((m) => Date.parse(m.from)));
  const stop = Math.max(start + 1, ...movements.map(end));
  const x = (ms) => LABEL + ((ms - start) / (stop - start)) * (WIDTH - LABEL - 10);
  const height = movements.length * ROW + 40;
  const root = svg("svg", { viewBox: `0 0 ${WIDTH} ${height}`, role: "img", "aria-labelledby": "chartTitle chartDesc", class: "movementChart" });
  root.append(
    svg("title", { id: "chartTitle" }, t("chartTitle")),
    svg("desc", { id: "chartDesc" }, movements.map((m) => `${holderText(m.holder)}: ${when(m.from)} → ${m.to ? when(m.to) : t("now")}, ${dayLabel(m.calendarMs)}`).join("; ")),
  );
  movements.forEach((m, i) => {
    const y = 10 + i * ROW;
    const x1 = x(Date.parse(m.from));
    const width = Math.max(3, x(end(m)) - x1);
    const overdue = m.dueDate && !m.to && end(m) > Date.parse(`${m.dueDate}T23:59:59.999+05:30`);
    const g = svg("g", { "data-step": m.step, class: `hold${m.to ? "" : " current"}${overdue ? " overdue" : ""}` });
    const name = holderText(m.holder);
    const who = svg("text", { x: 4, y: y + 19, class: "who" }, name.length > 26 ? `${name.slice(0, 25)}…` : name);
    who.append(svg("title", {}, name));
    // The duration right of its bar; where the bar reaches the edge, inside it (right-aligned), or left of a short one.
    const atEdge = x1 + width + 110 > WIDTH;
    const inside = atEdge && width > 110;
    const howLong = `${dayLabel(m.calendarMs)}${m.to ? "" : ` · ${t("now")}`}`;
    g.append(
      who,
      svg("rect", { x: x1, y: y + 4, width, height: ROW - 10, rx: 3 }),
      svg("text", inside ? { x: x1 + width - 6, y: y + 19, class: "howLong inside", "text-anchor": "end" } : atEdge ? { x: x1 - 4, y: y + 19, class: "howLong", "text-anchor": "end" } : { x: x1 + width + 4, y: y + 19, class: "howLong" }, howLong),
    );
    root.append(g);
  });
  const axisY = movements.length * ROW + 22;
  root.append(
    svg("line", { x1: LABEL, y1: axisY - 6, x2: WIDTH - 10, y2: axisY - 6, class: "axis" }),
    svg("text", { x: LABEL, y: axisY + 10, class: "tick" }, when(new Date(start).toISOString())),
    svg("text", { x: WIDTH - 10, y: axisY + 10, class: "tick", "text-anchor": "end" }, when(new Date(stop).toISOString())),
  );
  return root;
}
