// Address and point lookups (GET /lookup): zoom there, highlight the cameras that see the spot,
// list them with status, retention deadline and — when the server sends it — the holder.
import { api } from './api.js';
import {
  dateTime, esc, nowLocalInput, number, yesNo,
} from './format.js';
import { label, t } from './i18n.js';
import { highlightCameras, setData } from './map.js';
import { state } from './state.js';

let lastAnswer = null;
let onPick = () => {};

export function onCameraPicked(fn) {
  onPick = fn;
}

function atParam() {
  const value = document.getElementById('search-at').value;
  return value ? value.replace('T', ' ') : null;
}

function hitItem(feature) {
  const p = feature.properties;
  const holder = 'owner_contact' in p || 'owner_name' in p
    ? `<div>${esc(t('holder'))}: ${esc(p.owner_name || '—')} · ${esc(t('contact'))}: <span class="contact">${esc(p.owner_contact || '—')}</span></div>`
    : '';
  return `<li data-code="${esc(p.code)}">
    <div><span class="code">${esc(p.code)}</span> · <span class="status" data-status="${esc(p.status_at)}">${esc(label('status', p.status_at))}</span> · ${esc(t('distance'))} ${number(p.distance_m)} m</div>
    <div>${esc(t('working_at'))}: ${esc(yesNo(p.working))} · ${esc(t('footage_retained'))}: ${esc(yesNo(p.footage_retained))}</div>
    <div>${esc(t('retention_deadline'))}: <span class="deadline">${esc(dateTime(p.request_deadline))}</span></div>
    ${holder}
  </li>`;
}

function render() {
  const box = document.getElementById('results');
  if (!lastAnswer) { box.replaceChildren(); return; }
  const answer = lastAnswer;
  const seeing = answer.features.filter((f) => f.properties.sees);
  const nearby = answer.features.filter((f) => !f.properties.sees);
  const res = answer.resolution;
  const where = res
    ? `<p class="note">${esc(t('resolved_as'))}: <strong id="resolved-label">${esc(res.label || '')}</strong>${answer.imprecise ? ` — ${esc(t('imprecise'))}` : ''}</p>`
    : `<p class="note">${number(answer.query.lat, 6)}, ${number(answer.query.lon, 6)}</p>`;
  box.innerHTML = `${where}
    <h3>${esc(t('seeing'))} (<span id="seeing-count">${seeing.length}</span>)</h3>
    ${seeing.length ? `<ul class="hits" id="seeing-list">${seeing.map(hitItem).join('')}</ul>` : `<p class="note" id="seeing-list">${esc(t('none_seeing'))}</p>`}
    <h3>${esc(t('nearby'))} (${nearby.length})</h3>
    <ul class="hits" id="nearby-list">${nearby.map(hitItem).join('')}</ul>`;
  box.querySelectorAll('li[data-code]').forEach((li) => {
    li.addEventListener('click', () => onPick(li.dataset.code));
  });
}

function show(answer) {
  lastAnswer = answer;
  const point = answer.resolution?.point?.coordinates ?? [answer.query.lon, answer.query.lat];
  setData(state.map, 'lookup', { type: 'Feature', geometry: { type: 'Point', coordinates: point }, properties: {} });
  const seeing = answer.features.filter((f) => f.properties.sees).map((f) => f.properties.code);
  highlightCameras(state.map, seeing);
  state.map.flyTo({ center: point, zoom: Math.max(state.map.getZoom(), 17), duration: 0 });
  render();
}

async function lookup(params) {
  const at = atParam();
  if (at) params.set('at', at);
  const box = document.getElementById('results');
  box.textContent = t('searching');
  try {
    show(await api(`/lookup?${params}`));
  } catch (error) {
    lastAnswer = null;
    box.innerHTML = `<p class="error">${esc(error.message)}</p>`;
  }
}

export function lookupAddress(text) {
  return lookup(new URLSearchParams({ address: text }));
}

export function lookupPoint(lon, lat) {
  return lookup(new URLSearchParams({ lon: lon.toFixed(7), lat: lat.toFixed(7) }));
}

export function clearLookup() {
  lastAnswer = null;
  render();
}

export function wireSearch() {
  document.getElementById('search-at').value = nowLocalInput();
  document.getElementById('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = document.getElementById('search-input').value.trim();
    if (text) lookupAddress(text);
  });
}

export const rerenderResults = render;
