// Line and bar charts as inline SVG: no chart library, so the bundle stays small.

const NS = 'http://www.w3.org/2000/svg';

export interface Series {
	name: string;
	points: [number, number][];
	color?: string;
}

const COLORS = ['#7b2cbf', '#2a9d8f', '#e76f51', '#264653', '#e9c46a', '#8ab17d'];

function el(tag: string, attrs: Record<string, string | number>): SVGElement {
	const e = document.createElementNS(NS, tag);
	for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
	return e;
}

function niceTicks(min: number, max: number, count = 5): number[] {
	if (!(max > min)) return [min];
	const step0 = (max - min) / count;
	const mag = 10 ** Math.floor(Math.log10(step0));
	const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? step0;
	const ticks = [];
	for (let v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
	return ticks;
}

/** A line chart of `series` with axes, ticks and a legend. */
export function linePlot(
	series: Series[],
	{ width = 640, height = 220, xLabel = '', yLabel = '', yMin }: { width?: number; height?: number; xLabel?: string; yLabel?: string; yMin?: number } = {},
): SVGSVGElement {
	const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, class: 'plot', role: 'img' }) as SVGSVGElement;
	const all = series.flatMap((s) => s.points);
	const pad = { l: 52, r: 12, t: 18, b: 34 };
	if (!all.length) {
		svg.append(Object.assign(el('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle' }), { textContent: 'no data yet' }));
		return svg;
	}
	const xs = all.map((p) => p[0]);
	const ys = all.map((p) => p[1]);
	const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
	let [y0, y1] = [yMin ?? Math.min(...ys), Math.max(...ys)];
	if (y1 === y0) y1 = y0 + 1;
	const sx = (x: number) => pad.l + ((x - x0) / (x1 - x0 || 1)) * (width - pad.l - pad.r);
	const sy = (y: number) => height - pad.b - ((y - y0) / (y1 - y0)) * (height - pad.t - pad.b);
	for (const t of niceTicks(y0, y1)) {
		svg.append(el('line', { x1: pad.l, x2: width - pad.r, y1: sy(t), y2: sy(t), class: 'grid' }));
		svg.append(Object.assign(el('text', { x: pad.l - 6, y: sy(t) + 4, 'text-anchor': 'end', class: 'tick' }), { textContent: String(t) }));
	}
	for (const t of niceTicks(x0, x1, 6)) {
		svg.append(Object.assign(el('text', { x: sx(t), y: height - pad.b + 16, 'text-anchor': 'middle', class: 'tick' }), { textContent: String(t) }));
	}
	svg.append(Object.assign(el('text', { x: width / 2, y: height - 4, 'text-anchor': 'middle', class: 'label' }), { textContent: xLabel }));
	svg.append(Object.assign(el('text', { x: 12, y: height / 2, transform: `rotate(-90 12 ${height / 2})`, 'text-anchor': 'middle', class: 'label' }), { textContent: yLabel }));
	series.forEach((s, i) => {
		const color = s.color ?? COLORS[i % COLORS.length];
		const d = s.points.map((p, j) => `${j ? 'L' : 'M'}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join('');
		svg.append(el('path', { d, fill: 'none', stroke: color, 'stroke-width': 2 }));
		svg.append(Object.assign(el('text', { x: pad.l + 8 + i * 150, y: 12, fill: color, class: 'legend' }), { textContent: s.name }));
	});
	return svg;
}

/** A horizontal bar chart: one labelled bar per entry, values as fractions of the largest. */
export function barChart(bars: { label: string; value: number; text?: string; color?: string }[], { width = 640, barHeight = 22 } = {}): SVGSVGElement {
	const height = bars.length * (barHeight + 6) + 6;
	const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, class: 'plot bars', role: 'img' }) as SVGSVGElement;
	const max = Math.max(0, ...bars.map((b) => b.value)) || 1;
	const labelW = 170;
	bars.forEach((b, i) => {
		const y = 6 + i * (barHeight + 6);
		const w = ((width - labelW - 120) * b.value) / max;
		svg.append(Object.assign(el('text', { x: labelW - 8, y: y + barHeight * 0.7, 'text-anchor': 'end', class: 'tick' }), { textContent: b.label }));
		svg.append(el('rect', { x: labelW, y, width: Math.max(w, 1), height: barHeight, fill: b.color ?? COLORS[i % COLORS.length] }));
		svg.append(Object.assign(el('text', { x: labelW + w + 6, y: y + barHeight * 0.7, class: 'tick' }), { textContent: b.text ?? String(b.value) }));
	});
	return svg;
}

/** One state of a hash chain: a short label (a hash), a caption under it and a tooltip. */
export interface ChainNode {
	label: string;
	caption: string;
	title?: string;
}

/**
 * A hash chain drawn left to right: a box per state, an arrow per link; `links[i]` says whether
 * the link from node `i` to node `i + 1` holds (a broken one is drawn red and dashed). At most
 * `max` boxes are drawn: the first, an ellipsis, and the last ones.
 */
export function chainDiagram(nodes: ChainNode[], links: boolean[], { max = 7, boxWidth = 118 } = {}): SVGSVGElement {
	const gap = 34;
	const boxHeight = 40;
	let shown: (number | null)[] = nodes.map((_, i) => i);
	if (nodes.length > max) shown = [0, null, ...nodes.slice(nodes.length - (max - 2)).map((_, k) => nodes.length - (max - 2) + k)];
	const width = Math.max(1, shown.length) * (boxWidth + gap) - gap + 4;
	const height = boxHeight + 22;
	const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, class: 'plot chain', role: 'img', style: `max-width:${width}px` }) as SVGSVGElement;
	shown.forEach((i, k) => {
		const x = 2 + k * (boxWidth + gap);
		if (i === null) {
			svg.append(Object.assign(el('text', { x: x + boxWidth / 2, y: boxHeight / 2 + 6, 'text-anchor': 'middle', class: 'tick' }), { textContent: '…' }));
		} else {
			const n = nodes[i];
			const g = el('g', {});
			if (n.title) g.append(Object.assign(el('title', {}), { textContent: n.title }));
			g.append(el('rect', { x, y: 2, width: boxWidth, height: boxHeight, rx: 5, fill: '#f3f0fb', stroke: '#7b2cbf' }));
			g.append(Object.assign(el('text', { x: x + boxWidth / 2, y: 20, 'text-anchor': 'middle', class: 'tick', 'font-family': 'ui-monospace, monospace' }), { textContent: n.label }));
			g.append(Object.assign(el('text', { x: x + boxWidth / 2, y: 35, 'text-anchor': 'middle', class: 'tick' }), { textContent: n.caption }));
			svg.append(g);
		}
		if (k === shown.length - 1) return;
		// The arrow into the next box shown: after the ellipsis, the link into that box.
		const next = shown[k + 1];
		const ok = next === null ? true : links[next - 1] !== false;
		const x1 = x + boxWidth + 2;
		const x2 = x + boxWidth + gap - 3;
		const y = 2 + boxHeight / 2;
		const color = ok ? '#2a9d8f' : '#a4161a';
		svg.append(el('line', { x1, x2, y1: y, y2: y, stroke: color, 'stroke-width': 2, ...(ok ? {} : { 'stroke-dasharray': '4 3' }) }));
		svg.append(el('path', { d: `M${x2},${y} l-6,-4 v8 z`, fill: color }));
		if (!ok) svg.append(Object.assign(el('text', { x: (x1 + x2) / 2, y: y - 6, 'text-anchor': 'middle', fill: color, class: 'tick' }), { textContent: '≠' }));
	});
	return svg;
}
