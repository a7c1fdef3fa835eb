// The map page: wires sign-in, the area picker, the layers, lookups and the detail cards.
import { onUnauthenticated } from './api.js';
import { renderUser, restoreUser, wireLogin } from './auth.js';
import {
  colourCommunes, loadCameraCount, loadFigures, planningPopup, reloadPlanning, wireCoverageControls,
} from './coverage.js';
import { clearDetails, rerenderDetails, showCamera, showCommune } from './details.js';
import { Popup } from '/static/vendor/maplibre-gl/maplibre-gl.mjs';
import {
  language, loadLanguages, onLanguageChange, setLanguage, t,
} from './i18n.js';
import {
  fillTypeOptions, incidentParams, incidentPopup, renderIncidentLegend, showIncidents,
  wireIncidentControls,
} from './incidents.js';
import { renderCameraLegend } from './legend.js';
import {
  addBoundaryLayers, addDataLayers, createMap, highlightCameras, loadedCameraCodes,
  removeDataLayers, setVisible, tileUrl,
} from './map.js';
import {
  clearLookup, lookupPoint, onCameraPicked, rerenderResults, wireSearch,
} from './search.js';
import { state } from './state.js';
import { todayIso } from './format.js';
import {
  chooseUnit, defaultUnitId, loadUnits, onAreaChange, refreshUnitLabels, wireUnitControls,
} from './units.js';

function report(error) {
  const box = document.getElementById('message');
  box.textContent = `${t('error')}: ${error?.message || error}`;
  box.hidden = false;
}

/** Run an async action from an event; problems go to the message box, never unhandled. */
function guard(fn) {
  return (...args) => Promise.resolve().then(() => fn(...args)).catch(report);
}

/** Communes fade as the map zooms in, so that views and cameras stay readable. */
const COMMUNE_OPACITY = ['interpolate', ['linear'], ['zoom'], 11, 0.7, 16, 0.25];

function communeParams() {
  return new URLSearchParams({ on: state.date });
}

function applyToggles() {
  const map = state.map;
  const on = (id) => document.getElementById(id).checked;
  setVisible(map, ['cameras', 'cameras-highlight'], on('toggle-cameras'));
  setVisible(map, ['views-fill', 'views-line'], on('toggle-views'));
  if (map.getLayer('communes-fill')) {
    map.setPaintProperty('communes-fill', 'fill-opacity', on('toggle-communes') ? COMMUNE_OPACITY : 0);
  }
  showIncidents();
}

async function refreshArea({ dateOnly }) {
  if (!state.user) return;
  state.map.getSource('communes')?.setTiles([tileUrl('communes', communeParams())]);
  const work = [loadFigures(), reloadPlanning()];
  if (!dateOnly) work.push(loadCameraCount());
  await Promise.all(work);
}

async function enterData() {
  addDataLayers(state.map, communeParams(), incidentParams());
  applyToggles();
  await refreshArea({ dateOnly: false });
}

function signedOut(messageKey) {
  state.user = null;
  removeDataLayers(state.map);
  clearDetails();
  clearLookup();
  document.getElementById('camera-count').hidden = true;
  renderUser();
  if (messageKey) {
    const box = document.getElementById('message');
    box.textContent = t(messageKey);
    box.hidden = false;
  }
}

async function signedIn(user) {
  state.user = user;
  document.getElementById('message').hidden = true;
  renderUser();
  await enterData();
}

const CLICKABLE = ['incidents-points', 'incidents-cells', 'recommend'];
/** Planning areas whose popup opens while the click still looks up the point (topmost first). */
const AREAS = { 'recommend-cells': 'recommend', 'hotspots-fill': 'hotspots', 'gaps-fill': 'gaps' };

function visibleLayers(ids) {
  return ids.filter((id) => state.map.getLayer(id)
    && state.map.getLayoutProperty(id, 'visibility') !== 'none');
}

async function onMapClick(event) {
  if (!state.user) return;
  const map = state.map;
  const { x, y } = event.point;
  const box = [[x - 6, y - 6], [x + 6, y + 6]];
  const cameras = map.queryRenderedFeatures(box, { layers: visibleLayers(['cameras']) });
  if (cameras.length) { await showCamera(cameras[0].properties.code); return; }
  const marks = map.queryRenderedFeatures(box, { layers: visibleLayers(CLICKABLE) });
  if (marks.length) {
    const f = marks[0];
    const html = f.layer.id === 'recommend' ? planningPopup('recommend', f.properties) : incidentPopup(f.properties);
    new Popup().setLngLat(event.lngLat).setHTML(html).addTo(map);
    return;
  }
  const areas = map.queryRenderedFeatures(event.point, { layers: visibleLayers(Object.keys(AREAS)) });
  if (areas.length) {
    const name = AREAS[areas[0].layer.id];
    new Popup().setLngLat(event.lngLat).setHTML(planningPopup(name, areas[0].properties)).addTo(map);
  }
  const communes = map.queryRenderedFeatures(event.point, { layers: visibleLayers(['communes-fill']) });
  await Promise.all([
    lookupPoint(event.lngLat.lng, event.lngLat.lat),
    communes.length ? showCommune(communes[0].properties.code) : Promise.resolve(),
  ]);
}

function wirePage() {
  const map = state.map;
  wireUnitControls();
  wireCoverageControls();
  wireIncidentControls();
  wireSearch();
  wireLogin(guard(signedIn), () => signedOut(null));
  onUnauthenticated(() => { if (state.user) signedOut('session_ended'); });
  onAreaChange(guard(refreshArea));
  onCameraPicked(guard(showCamera));
  ['toggle-cameras', 'toggle-views', 'toggle-communes'].forEach((id) => {
    document.getElementById(id).addEventListener('change', applyToggles);
  });
  map.on('click', guard(onMapClick));
  map.on('error', (event) => {
    // Tile requests go out from MapLibre, not api.js: a 401 there also ends the session.
    if (event?.error?.status === 401) {
      if (state.user) signedOut('session_ended');
      return;
    }
    console.error(event?.error || event);
    report(event?.error || event);
  });
  map.on('mouseenter', 'cameras', () => { map.getCanvas().style.cursor = 'pointer'; });
  map.on('mouseleave', 'cameras', () => { map.getCanvas().style.cursor = ''; });
  document.getElementById('lang-toggle').addEventListener('click', () => {
    setLanguage(language() === 'vi' ? 'en' : 'vi');
  });
  onLanguageChange(() => {
    refreshUnitLabels();
    fillTypeOptions();
    renderIncidentLegend();
    renderCameraLegend();
    colourCommunes();
    rerenderResults();
    rerenderDetails();
    renderUser();
  });
}

function exposeForTests() {
  // A read-only window into what the map has loaded, used by the end-to-end tests.
  window.camreg = {
    state,
    cameraCodes: () => loadedCameraCodes(state.map),
    highlight: (codes) => highlightCameras(state.map, codes),
    tilesLoaded: () => state.map.loaded() && state.map.areTilesLoaded(),
    whenIdle: () => new Promise((resolve) => {
      state.map.once('idle', () => resolve(state.map.areTilesLoaded()));
      state.map.triggerRepaint();
    }),
    project: (lon, lat) => state.map.project([lon, lat]),
  };
}

async function start() {
  state.config = JSON.parse(document.getElementById('camreg-config').textContent);
  await loadLanguages(state.config.languages);
  setLanguage(language());
  fillTypeOptions();
  renderIncidentLegend();
  renderCameraLegend();
  state.date = todayIso();
  state.map = createMap(state.config);
  exposeForTests();
  await new Promise((resolve) => { state.map.once('load', resolve); });
  addBoundaryLayers(state.map);
  wirePage();
  await loadUnits();
  state.user = await restoreUser();
  renderUser();
  const unit = defaultUnitId();
  if (state.user) addDataLayers(state.map, communeParams(), incidentParams());
  if (state.user) applyToggles();
  await chooseUnit(unit);
  document.body.dataset.ready = 'true';
}

start().catch(report);
