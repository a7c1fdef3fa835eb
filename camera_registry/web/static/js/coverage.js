// Communes coloured by a coverage metric of the chosen area, the camera count of the area,
// and the planning layers: gaps, uncovered hot spots and recommended sites.
import { ApiError, api } from './api.js';
import { esc, number, percent } from './format.js';
import { t } from './i18n.js';
import { setData, setVisible } from './map.js';
import { mayPlan, state } from './state.js';

const RAMP = ['#f1eef6', '#bdc9e1', '#74a9cf', '#2b8cbe', '#045a8d'];
const SHARES = new Set(['covered_share', 'incidents_in_view_share']);
let children = [];
let coloured = [];
let boundaries = null;

const METRICS = {
  covered_share: (c) => c.coverage?.covered_share,
  active_per_km2: (c) => c.cameras?.active_per_km2,
  active: (c) => c.cameras?.active,
  incidents_in_view_share: (c) => c.incidents?.in_working_view_share,
};

function metric() {
  return document.getElementById('metric-select').value;
}

function breaksOf(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const cuts = [1, 2, 3, 4].map((i) => sorted[Math.floor((i * sorted.length) / 5)]);
  return [...new Set(cuts)].filter((v) => v > sorted[0]);
}

function colourOf(value, breaks) {
  let index = 0;
  breaks.forEach((b) => { if (value >= b) index += 1; });
  return RAMP[Math.min(index, RAMP.length - 1)];
}

function show(value) {
  return SHARES.has(metric()) ? percent(value) : number(value, 2);
}

/** "Ranh giới: 15/114 xã đã có": how many communes of the area have a boundary drawn. */
function boundaryLine() {
  if (!boundaries) return '';
  const text = t('boundaries_loaded', { k: number(boundaries.with), n: number(boundaries.total) });
  const partial = boundaries.with < boundaries.total ? ' partial' : '';
  return `<span class="item boundaries${partial}" id="boundary-count">${esc(text)}</span>`;
}

function renderLegend(breaks, min) {
  const box = document.getElementById('legend-communes');
  if (!children.length) {
    box.textContent = state.unit ? t('no_data') : '';
    if (boundaries) box.innerHTML = `${esc(box.textContent)} ${boundaryLine()}`;
    return;
  }
  const edges = [min, ...breaks];
  box.innerHTML = edges.map((lo, i) => {
    const text = i + 1 < edges.length ? `${show(lo)} – ${show(edges[i + 1])}` : `≥ ${show(lo)}`;
    return `<span class="item"><span class="swatch square"></span>${esc(text)}</span>`;
  }).join('') + boundaryLine();
  box.querySelectorAll('.swatch').forEach((el, i) => { el.style.background = RAMP[i]; });
}

export function colourCommunes() {
  const map = state.map;
  if (!map.getSource('communes')) return;
  coloured.forEach((code) => map.removeFeatureState({ source: 'communes', sourceLayer: 'communes', id: code }));
  coloured = [];
  const pick = METRICS[metric()];
  const values = children.map((c) => pick(c)).filter((v) => v !== null && v !== undefined);
  const breaks = values.length ? breaksOf(values) : [];
  children.forEach((c) => {
    const value = pick(c);
    if (value === null || value === undefined) return;
    map.setFeatureState(
      { source: 'communes', sourceLayer: 'communes', id: c.code },
      { colour: colourOf(value, breaks), value },
    );
    coloured.push(c.code);
  });
  renderLegend(breaks, values.length ? Math.min(...values) : 0);
}

export async function loadFigures() {
  children = [];
  boundaries = null;
  if (state.unit && state.user) {
    const body = await api(`/coverage/units/${encodeURIComponent(state.unit.code)}/children?on=${state.date}`);
    children = body.children.filter((c) => c.area_basis !== 'none');
    boundaries = body.boundaries ?? null;
  }
  colourCommunes();
}

export async function loadCameraCount() {
  const box = document.getElementById('camera-count');
  box.hidden = true;
  if (!state.unit || !state.user) return;
  const param = state.unit.level === 'province' ? 'province' : 'district';
  const body = await api(`/cameras?${param}=${encodeURIComponent(state.unit.code)}&limit=1`);
  document.getElementById('camera-count-value').textContent = number(body.numberMatched);
  box.dataset.count = String(body.numberMatched);
  box.hidden = false;
}

const PLANNING = {
  gaps: { layers: ['gaps-fill'], path: (code) => `/coverage/gaps/${code}` },
  hotspots: { layers: ['hotspots-fill'], path: (code) => `/coverage/hotspots/${code}` },
  recommend: {
    layers: ['recommend-cells', 'recommend-cells-line', 'recommend'],
    path: (code) => {
      const k = Math.max(1, Math.min(200, Number(document.getElementById('recommend-k').value) || 10));
      return `/coverage/recommend/${code}?k=${k}`;
    },
  },
};

async function loadPlanning(name) {
  const spec = PLANNING[name];
  const on = document.getElementById(`toggle-${name}`).checked;
  const note = document.getElementById(`${name}-note`);
  note.textContent = '';
  setVisible(state.map, spec.layers, false);
  if (!on || !state.user) return;
  if (!state.unit) { note.textContent = t('needs_area'); return; }
  if (!mayPlan(state.unit.code)) { note.textContent = t('not_allowed'); return; }
  note.textContent = t('loading');
  const path = spec.path(encodeURIComponent(state.unit.code));
  try {
    const body = await api(`${path}${path.includes('?') ? '&' : '?'}on=${state.date}`);
    setData(state.map, name, body);
    setVisible(state.map, spec.layers, true);
    note.textContent = '';
  } catch (error) {
    note.textContent = error instanceof ApiError && error.status === 403 ? t('not_allowed') : error.message;
  }
}

export function reloadPlanning() {
  return Promise.all(Object.keys(PLANNING).map(loadPlanning));
}

export function wireCoverageControls() {
  document.getElementById('metric-select').addEventListener('change', colourCommunes);
  document.getElementById('toggle-communes').addEventListener('change', (e) => {
    setVisible(state.map, ['communes-fill'], e.target.checked);
  });
  Object.keys(PLANNING).forEach((name) => {
    document.getElementById(`toggle-${name}`).addEventListener('change', () => loadPlanning(name));
  });
  document.getElementById('recommend-k').addEventListener('change', () => loadPlanning('recommend'));
}

export function planningPopup(name, props) {
  if (name === 'hotspots') {
    return `<strong>${esc(t('hotspot'))} #${esc(props.rank)}</strong><br>${esc(t('incidents_uncovered'))}: ${esc(props.incidents_uncovered)}`;
  }
  if (name === 'recommend') {
    const cell = props.position === 'cell' ? `<br>${esc(t('site_cell', { size: props.cell_m }))}` : '';
    return `<strong>${esc(t('recommended_site'))} #${esc(props.rank)}</strong><br>${esc(t('direction'))}: ${esc(props.direction_deg)}°, ${esc(t('fov'))}: ${esc(props.fov_deg)}°, ${esc(t('range'))}: ${esc(props.range_m)} m<br>${esc(t('incidents_newly_covered'))}: ${esc(props.incidents_newly_covered)}${cell}`;
  }
  return `<strong>${esc(t('gap'))}</strong><br>${esc(t('gap_share'))}: ${percent(props.gap_share)}`;
}
