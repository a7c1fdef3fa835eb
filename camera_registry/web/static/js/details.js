// Cards for a clicked camera (details and evidence contributions) and a clicked commune
// (coverage figures and its monthly report).
import { api, apiBlob } from './api.js';
import { dateOnly, esc, number, percent, yesNo } from './format.js';
import { label, language, t } from './i18n.js';
import { highlightCameras } from './map.js';
import { state } from './state.js';

let last = null;

function card(html) {
  const box = document.getElementById('details');
  box.innerHTML = `<button type="button" class="close" aria-label="${esc(t('close'))}">×</button>${html}`;
  box.hidden = false;
  box.querySelector('.close').addEventListener('click', () => { box.hidden = true; last = null; });
  return box;
}

function facts(rows) {
  return `<dl class="facts">${rows.filter(Boolean).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function evidenceHtml(ev) {
  if (!ev.clips) return `<p class="note">${esc(t('no_evidence'))}</p>`;
  const types = ev.by_type.map((x) => `${esc(label('type', x.type))}: ${esc(x.incidents)}`).join(', ');
  const rows = ev.items.map((i) => `<tr><td>${esc(i.case_code)}</td><td>${esc(label('type', i.type))}</td><td>${esc(i.occurred_at_local || '')}</td><td>${esc(label('usefulness', i.usefulness))}</td></tr>`).join('');
  const hidden = ev.items_hidden ? `<p class="note">${esc(t('hidden_items', { n: ev.items_hidden }))}</p>` : '';
  return `<p id="evidence-summary">${esc(ev.clips)} ${esc(t('clips'))} · ${esc(ev.incidents)} ${esc(t('incidents_count'))} · ${esc(ev.clarified_with_footage)} ${esc(t('clarified_with_footage'))}</p>
    <p class="note">${types}</p>
    ${rows ? `<table class="items"><thead><tr><th>${esc(t('case_code'))}</th><th>${esc(t('incident_type'))}</th><th>${esc(t('occurred_at'))}</th><th></th></tr></thead><tbody>${rows}</tbody></table>` : ''}${hidden}`;
}

function cameraHtml(p, ev) {
  const holder = 'owner_contact' in p || 'owner_name' in p;
  return `<h2>${esc(t('camera'))} <span id="camera-code">${esc(p.code)}</span></h2>${facts([
    [t('status'), esc(label('status', p.status))],
    [t('commune'), esc(`${p.commune_name || '—'} (${p.commune_code || '—'})`)],
    [t('kind'), esc(label('kind', p.kind))],
    [t('ownership'), esc(label('ownership', p.ownership))],
    [t('programme'), esc(p.programme || '—')],
    [t('installed_on'), esc(dateOnly(p.installed_on))],
    [t('direction'), `${esc(p.direction_deg)}°`],
    [t('fov'), `${esc(p.fov_deg)}°`],
    [t('range'), `${esc(p.range_m)} m`],
    [t('retention_days'), p.retention_days == null ? '—' : `${esc(p.retention_days)} ${esc(t('days'))}`],
    [t('connected'), esc(yesNo(p.connected_to_centre))],
    holder && [t('holder'), esc(p.owner_name || '—')],
    holder && [t('contact'), `<span class="contact">${esc(p.owner_contact || '—')}</span>`],
  ])}<h3>${esc(t('evidence'))}</h3>${evidenceHtml(ev)}`;
}

export async function showCamera(code) {
  last = { kind: 'camera', code };
  highlightCameras(state.map, [code]);
  const path = encodeURIComponent(code);
  const [feature, ev] = await Promise.all([api(`/cameras/${path}`), api(`/map/cameras/${path}/evidence`)]);
  last.data = { p: feature.properties, ev };
  card(cameraHtml(feature.properties, ev));
}

function communeHtml(r) {
  return `<h2>${esc(t('commune'))}: <span id="commune-name">${esc(r.unit.name)}</span> (${esc(r.unit.code)})</h2>${facts([
    [t('period'), `${esc(dateOnly(r.period.from))} – ${esc(dateOnly(r.period.to))}`],
    [t('area_km2'), `${number(r.area_km2, 2)} km²`],
    [t('cameras_total'), esc(number(r.cameras.total))],
    [t('cameras_active'), esc(number(r.cameras.active))],
    [t('covered_share'), esc(percent(r.coverage.covered_share, 2))],
    [t('incidents_total'), esc(number(r.incidents.total))],
    [t('incidents_in_view'), `${esc(number(r.incidents.in_working_view))} (${esc(percent(r.incidents.in_working_view_share))})`],
  ])}<button type="button" id="monthly-report" class="secondary">${esc(t('monthly_report'))}</button>
  <p class="error" id="report-error" hidden></p>`;
}

function reportMonth() {
  const month = document.getElementById('incident-month').value;
  return month || state.date.slice(0, 7);
}

async function openReport(code) {
  const unit = encodeURIComponent(code);
  const path = `/reports/monthly?month=${reportMonth()}&unit=${unit}&format=html&lang=${language()}`;
  const opened = window.open('', '_blank');
  try {
    const blob = await apiBlob(path);
    const url = URL.createObjectURL(new Blob([blob], { type: 'text/html' }));
    if (opened) opened.location = url; else window.location.assign(url);
  } catch (error) {
    if (opened) opened.close();
    const box = document.getElementById('report-error');
    box.textContent = `${t('report_failed')}: ${error.message}`;
    box.hidden = false;
  }
}

export async function showCommune(code) {
  last = { kind: 'commune', code };
  const report = await api(`/coverage/units/${encodeURIComponent(code)}?on=${state.date}`);
  last.data = report;
  card(communeHtml(report)).querySelector('#monthly-report')
    .addEventListener('click', () => openReport(code));
}

export function rerenderDetails() {
  if (!last?.data) return;
  if (last.kind === 'camera') card(cameraHtml(last.data.p, last.data.ev));
  else {
    const code = last.code;
    card(communeHtml(last.data)).querySelector('#monthly-report')
      .addEventListener('click', () => openReport(code));
  }
}

export function clearDetails() {
  last = null;
  document.getElementById('details').hidden = true;
}
