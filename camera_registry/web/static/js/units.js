// The area picker (provinces and districts from the public /admin-units) and the map date.
import { api } from './api.js';
import { dateOnly, todayIso } from './format.js';
import { t } from './i18n.js';
import { setData } from './map.js';
import { state } from './state.js';

let units = [];
const listeners = [];

export function onAreaChange(fn) {
  listeners.push(fn);
}

function bboxOf(geometry) {
  let minX = Infinity; let minY = Infinity; let maxX = -Infinity; let maxY = -Infinity;
  const walk = (c) => {
    if (typeof c[0] === 'number') {
      minX = Math.min(minX, c[0]); maxX = Math.max(maxX, c[0]);
      minY = Math.min(minY, c[1]); maxY = Math.max(maxY, c[1]);
    } else c.forEach(walk);
  };
  walk(geometry.coordinates);
  return [minX, minY, maxX, maxY];
}

function optionText(unit) {
  const until = unit.valid_to ? ` — ${t('until')} ${dateOnly(unit.valid_to)}` : '';
  return `${unit.name} (${unit.code})${until}`;
}

function fillPicker() {
  const select = document.getElementById('unit-select');
  const chosen = select.value;
  select.querySelectorAll('option[data-unit]').forEach((o) => o.remove());
  units.forEach((unit) => {
    const option = document.createElement('option');
    option.value = unit.id;
    option.dataset.unit = '1';
    option.textContent = optionText(unit);
    select.append(option);
  });
  select.value = chosen;
  select.disabled = units.length === 0;
}

export async function loadUnits() {
  const [provinces, districts] = await Promise.all([
    api('/admin-units?level=province', { auth: false }),
    api('/admin-units?level=district', { auth: false }),
  ]);
  units = [...districts.features, ...provinces.features].map((f) => ({
    id: f.id, ...f.properties, bbox: bboxOf(f.geometry),
  }));
  fillPicker();
  return units;
}

function dateFor(unit) {
  const today = todayIso();
  if (unit.valid_to && unit.valid_to < today) return unit.valid_to;
  return unit.valid_from > today ? unit.valid_from : today;
}

function showDateNote(unit) {
  const note = document.getElementById('date-note');
  note.hidden = !(unit?.valid_to && unit.valid_to < todayIso());
  if (!note.hidden) note.textContent = t('date_note', { name: unit.name, date: dateOnly(unit.valid_to) });
}

export async function loadBoundaries() {
  const at = encodeURIComponent(state.date);
  const [provinces, districts] = await Promise.all([
    api(`/admin-units?level=province&at=${at}`, { auth: false }),
    api(`/admin-units?level=district&at=${at}`, { auth: false }),
  ]);
  setData(state.map, 'provinces', provinces);
  setData(state.map, 'districts', districts);
}

export async function setDate(date) {
  state.date = date || todayIso();
  document.getElementById('map-date').value = state.date;
  await loadBoundaries();
  listeners.forEach((fn) => fn({ dateOnly: true }));
}

export async function chooseUnit(id, { fit = true } = {}) {
  const unit = units.find((u) => u.id === id) || null;
  state.unit = unit;
  document.getElementById('unit-select').value = unit ? unit.id : '';
  showDateNote(unit);
  if (unit && fit) state.map.fitBounds(unit.bbox, { padding: 30, duration: 0 });
  state.date = unit ? dateFor(unit) : todayIso();
  document.getElementById('map-date').value = state.date;
  await loadBoundaries();
  listeners.forEach((fn) => fn({ dateOnly: false }));
}

export function defaultUnitId() {
  const remembered = localStorage.getItem('camreg.unit');
  if (units.some((u) => u.id === remembered)) return remembered;
  return units[0]?.id ?? '';
}

export function wireUnitControls() {
  document.getElementById('unit-select').addEventListener('change', (event) => {
    localStorage.setItem('camreg.unit', event.target.value);
    chooseUnit(event.target.value);
  });
  document.getElementById('map-date').addEventListener('change', (event) => {
    setDate(event.target.value);
  });
}

export function refreshUnitLabels() {
  fillPicker();
  showDateNote(state.unit);
}
