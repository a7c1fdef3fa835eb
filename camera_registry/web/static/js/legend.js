// The legend of the camera layer: one swatch per status; the zoom from which views appear.
import { label, t } from './i18n.js';
import { STATUS_COLOURS, state } from './state.js';

export function renderCameraLegend() {
  const box = document.getElementById('legend-cameras');
  box.replaceChildren();
  Object.entries(STATUS_COLOURS).forEach(([status, colour]) => {
    const item = document.createElement('span');
    item.className = 'item';
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = colour;
    item.append(swatch, label('status', status));
    box.append(item);
  });
  document.getElementById('views-note').textContent = t('views_from_zoom', { zoom: state.config.viewsMinZoom });
}
