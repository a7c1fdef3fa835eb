// The incidents layer: filters by type, month and "clarified with footage". What a role receives
// (exact points or grid cells) is decided by the server; the page draws whatever comes.
import { dateTime, esc } from './format.js';
import { label, t } from './i18n.js';
import { setVisible, tileUrl } from './map.js';
import { INCIDENT_COLOURS, state } from './state.js';

const LAYERS = ['incidents-cells', 'incidents-points'];

function lastDay(month) {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function incidentParams() {
  const params = new URLSearchParams();
  const type = document.getElementById('incident-type').value;
  const month = document.getElementById('incident-month').value;
  if (type) params.append('type', type);
  if (month) {
    params.set('from', `${month}-01`);
    params.set('to', `${month}-${String(lastDay(month)).padStart(2, '0')}`);
  }
  if (document.getElementById('incident-footage').checked) params.set('with_footage', 'true');
  return params;
}

function swatch(colour, square = false) {
  const el = document.createElement('span');
  el.className = square ? 'swatch square' : 'swatch';
  el.style.background = colour;
  return el;
}

export function renderIncidentLegend() {
  const box = document.getElementById('legend-incidents');
  box.replaceChildren();
  const cell = document.createElement('span');
  cell.className = 'item';
  cell.append(swatch('#ef6c00'), t('incident_cells', { grid: state.config.plannerGridMetres }));
  box.append(cell);
  Object.entries(INCIDENT_COLOURS).forEach(([type, colour]) => {
    const item = document.createElement('span');
    item.className = 'item';
    item.append(swatch(colour), label('type', type));
    box.append(item);
  });
}

export function fillTypeOptions() {
  const select = document.getElementById('incident-type');
  const chosen = select.value;
  select.querySelectorAll('option[data-type]').forEach((o) => o.remove());
  Object.keys(INCIDENT_COLOURS).forEach((type) => {
    const option = document.createElement('option');
    option.value = type;
    option.dataset.type = '1';
    option.textContent = label('type', type);
    select.append(option);
  });
  select.value = chosen;
}

function refresh() {
  const source = state.map.getSource('incidents');
  if (source) source.setTiles([tileUrl('incidents', incidentParams())]);
}

export function showIncidents() {
  setVisible(state.map, LAYERS, document.getElementById('toggle-incidents').checked);
}

export function wireIncidentControls() {
  document.getElementById('toggle-incidents').addEventListener('change', showIncidents);
  ['incident-type', 'incident-month', 'incident-footage'].forEach((id) => {
    document.getElementById(id).addEventListener('change', refresh);
  });
}

export function incidentPopup(props) {
  if (props.kind === 'cell') {
    const byType = JSON.parse(props.by_type || '{}');
    const rows = Object.entries(byType).map(([type, n]) => `${esc(label('type', type))}: ${esc(n)}`);
    return `<strong>${esc(t('count'))}: ${esc(props.count)}</strong> (${esc(t('clarified_with_footage'))}: ${esc(props.clarified_with_footage)})<br>${rows.join('<br>')}`;
  }
  return `<strong>${esc(props.case_code)}</strong><br>${esc(label('type', props.type))} · ${esc(dateTime(props.occurred_at))}<br>${esc(label('incident_status', props.status))}${props.clarified_with_footage ? `<br>✔ ${esc(t('clarified_with_footage'))}` : ''}`;
}
