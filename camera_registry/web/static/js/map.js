// The MapLibre map: an offline style (background + administrative boundaries), the registry's
// vector tiles (sent with the user's token) and the GeoJSON layers of coverage and lookups.
import {
  AttributionControl, Map, NavigationControl, ScaleControl,
} from '/static/vendor/maplibre-gl/maplibre-gl.mjs';
import { here, token } from './api.js';
import { INCIDENT_COLOURS, STATUS_COLOURS, state } from './state.js';

const EMPTY = { type: 'FeatureCollection', features: [] };
const TILE_LAYERS = ['communes', 'cameras', 'views', 'incidents'];

function baseStyle(config) {
  const style = {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef2f3' } }],
  };
  if (config.baseTiles) {
    style.sources.base = {
      type: 'raster', tiles: [config.baseTiles], tileSize: 256,
      attribution: config.baseAttribution || '',
    };
    style.layers.push({ id: 'base', type: 'raster', source: 'base' });
  }
  return style;
}

function authorise(url) {
  if (url.startsWith(here('/tiles/')) && token()) {
    return { url, headers: { Authorization: `Bearer ${token()}` } };
  }
  return { url };
}

export function createMap(config) {
  const map = new Map({
    container: 'map',
    style: baseStyle(config),
    center: [106.0, 16.0],
    zoom: 5,
    maxZoom: 20,
    attributionControl: false,
    transformRequest: authorise,
    preserveDrawingBuffer: true,
  });
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
  if (config.baseTiles) map.addControl(new AttributionControl({ compact: true }));
  return map;
}

function matchColour(property, colours, fallback) {
  return ['match', ['get', property], ...Object.entries(colours).flat(), fallback];
}

/** Boundaries drawn from the public /admin-units GeoJSON (no sign-in needed). */
export function addBoundaryLayers(map) {
  map.addSource('provinces', { type: 'geojson', data: EMPTY });
  map.addSource('districts', { type: 'geojson', data: EMPTY });
  map.addLayer({
    id: 'districts-line', type: 'line', source: 'districts',
    paint: { 'line-color': '#37474f', 'line-width': 1.6, 'line-dasharray': [3, 2] },
  });
  map.addLayer({
    id: 'provinces-line', type: 'line', source: 'provinces',
    paint: { 'line-color': '#263238', 'line-width': 2.4 },
  });
}

export function tileUrl(layer, params = new URLSearchParams()) {
  const query = params.toString();
  return here(`/tiles/${layer}/{z}/{x}/{y}.mvt`) + (query ? `?${query}` : '');
}

function addTileSources(map, communeParams, incidentParams) {
  map.addSource('communes', {
    type: 'vector', tiles: [tileUrl('communes', communeParams)], promoteId: 'code', maxzoom: 14,
  });
  map.addSource('cameras', {
    type: 'vector', tiles: [tileUrl('cameras')], minzoom: state.config.camerasMinZoom, maxzoom: 16,
  });
  map.addSource('views', {
    type: 'vector', tiles: [tileUrl('views')], minzoom: state.config.viewsMinZoom, maxzoom: 17,
  });
  map.addSource('incidents', { type: 'vector', tiles: [tileUrl('incidents', incidentParams)], maxzoom: 16 });
}

function addCommuneLayers(map, before) {
  map.addLayer({
    id: 'communes-fill', type: 'fill', source: 'communes', 'source-layer': 'communes',
    paint: {
      'fill-color': ['coalesce', ['feature-state', 'colour'], 'rgba(255,255,255,0)'],
      'fill-opacity': ['interpolate', ['linear'], ['zoom'], 11, 0.7, 16, 0.25],
    },
  }, before);
  map.addLayer({
    id: 'communes-line', type: 'line', source: 'communes', 'source-layer': 'communes',
    paint: { 'line-color': '#607d8b', 'line-width': 0.8 },
  }, before);
}

function addCameraLayers(map) {
  const status = matchColour('status', STATUS_COLOURS, '#000');
  map.addLayer({
    id: 'views-fill', type: 'fill', source: 'views', 'source-layer': 'views',
    paint: { 'fill-color': status, 'fill-opacity': 0.18 },
  });
  map.addLayer({
    id: 'views-line', type: 'line', source: 'views', 'source-layer': 'views',
    paint: { 'line-color': status, 'line-width': 0.7, 'line-opacity': 0.6 },
  });
  map.addLayer({
    id: 'incidents-cells', type: 'circle', source: 'incidents', 'source-layer': 'incidents',
    filter: ['==', ['get', 'kind'], 'cell'], layout: { visibility: 'none' },
    paint: {
      'circle-color': '#ef6c00', 'circle-opacity': 0.55, 'circle-stroke-color': '#bf360c',
      'circle-stroke-width': 1,
      'circle-radius': ['interpolate', ['linear'], ['get', 'count'], 1, 5, 10, 11, 50, 20],
    },
  });
  map.addLayer({
    id: 'incidents-points', type: 'circle', source: 'incidents', 'source-layer': 'incidents',
    filter: ['==', ['get', 'kind'], 'incident'], layout: { visibility: 'none' },
    paint: {
      'circle-color': matchColour('type', INCIDENT_COLOURS, '#546e7a'),
      'circle-radius': 4.5, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1,
    },
  });
  map.addLayer({
    id: 'cameras', type: 'circle', source: 'cameras', 'source-layer': 'cameras',
    paint: {
      'circle-color': status,
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 2, 13, 3.5, 17, 6],
      'circle-stroke-color': '#fff',
      'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 8, 0.3, 14, 1],
    },
  });
  map.addLayer({
    id: 'cameras-highlight', type: 'circle', source: 'cameras', 'source-layer': 'cameras',
    filter: ['in', ['get', 'code'], ['literal', []]],
    paint: {
      'circle-color': 'rgba(0,0,0,0)', 'circle-radius': 11,
      'circle-stroke-color': '#1565c0', 'circle-stroke-width': 3,
    },
  });
}

function addGeojsonLayers(map) {
  for (const name of ['gaps', 'hotspots', 'recommend', 'lookup']) {
    map.addSource(name, { type: 'geojson', data: EMPTY });
  }
  map.addLayer({
    id: 'gaps-fill', type: 'fill', source: 'gaps', layout: { visibility: 'none' },
    paint: { 'fill-color': '#c62828', 'fill-opacity': 0.25, 'fill-outline-color': '#b71c1c' },
  }, 'communes-line');
  map.addLayer({
    id: 'hotspots-fill', type: 'fill', source: 'hotspots', layout: { visibility: 'none' },
    paint: {
      'fill-color': ['interpolate', ['linear'], ['get', 'rank'], 1, '#b71c1c', 20, '#ffab40'],
      'fill-opacity': 0.6, 'fill-outline-color': '#7f0000',
    },
  }, 'communes-line');
  // A site drawn from incidents reaches planners only as its planner-grid cell (a Polygon).
  map.addLayer({
    id: 'recommend-cells', type: 'fill', source: 'recommend', layout: { visibility: 'none' },
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'fill-color': '#6a1b9a', 'fill-opacity': 0.2 },
  }, 'communes-line');
  map.addLayer({
    id: 'recommend-cells-line', type: 'line', source: 'recommend', layout: { visibility: 'none' },
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'line-color': '#6a1b9a', 'line-width': 2, 'line-dasharray': [2, 1] },
  }, 'communes-line');
  map.addLayer({
    id: 'recommend', type: 'circle', source: 'recommend', layout: { visibility: 'none' },
    filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      'circle-color': '#6a1b9a', 'circle-radius': 7, 'circle-stroke-color': '#fff',
      'circle-stroke-width': 2,
    },
  });
  map.addLayer({
    id: 'lookup-point', type: 'circle', source: 'lookup',
    paint: {
      'circle-color': '#1565c0', 'circle-radius': 7, 'circle-stroke-color': '#fff',
      'circle-stroke-width': 3,
    },
  });
}

/** Sources and layers that need a signed-in user (their requests carry the token). */
export function addDataLayers(map, communeParams, incidentParams) {
  addTileSources(map, communeParams, incidentParams);
  addCommuneLayers(map, 'districts-line');
  addCameraLayers(map);
  addGeojsonLayers(map);
}

export function removeDataLayers(map) {
  const layers = [
    'communes-fill', 'communes-line', 'views-fill', 'views-line', 'incidents-cells',
    'incidents-points', 'cameras', 'cameras-highlight', 'gaps-fill', 'hotspots-fill',
    'recommend-cells', 'recommend-cells-line', 'recommend', 'lookup-point',
  ];
  layers.forEach((id) => { if (map.getLayer(id)) map.removeLayer(id); });
  [...TILE_LAYERS, 'gaps', 'hotspots', 'recommend', 'lookup'].forEach((id) => {
    if (map.getSource(id)) map.removeSource(id);
  });
}

export function setVisible(map, ids, visible) {
  ids.forEach((id) => {
    if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
  });
}

export function setData(map, source, data) {
  map.getSource(source)?.setData(data || EMPTY);
}

export function highlightCameras(map, codes) {
  if (map.getLayer('cameras-highlight')) {
    map.setFilter('cameras-highlight', ['in', ['get', 'code'], ['literal', codes]]);
  }
}

/** Distinct cameras currently loaded in the camera tiles (for counts and tests). */
export function loadedCameraCodes(map) {
  const features = map.querySourceFeatures('cameras', { sourceLayer: 'cameras' });
  return [...new Set(features.map((f) => f.properties.code))];
}
