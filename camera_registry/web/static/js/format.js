// Dates as people in Vietnam write them (dd/mm/yyyy, Asia/Ho_Chi_Minh) and numbers by language.
import { language, t } from './i18n.js';

const TZ = 'Asia/Ho_Chi_Minh';

function parts(date, withTime) {
  const options = { timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric' };
  if (withTime) Object.assign(options, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const out = {};
  new Intl.DateTimeFormat('en-GB', options).formatToParts(date).forEach((p) => { out[p.type] = p.value; });
  return out;
}

/** "04/05/2023 21:30" for an ISO instant. */
export function dateTime(iso) {
  if (!iso) return '—';
  const p = parts(new Date(iso), true);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** "04/05/2023" for an ISO date (YYYY-MM-DD). */
export function dateOnly(iso) {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** Today in Vietnam as YYYY-MM-DD. */
export function todayIso() {
  const p = parts(new Date(), false);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The current month in Vietnam as YYYY-MM. */
export function thisMonth() {
  return todayIso().slice(0, 7);
}

function locale() {
  return language() === 'vi' ? 'vi-VN' : 'en-GB';
}

export function number(value, digits = 0) {
  if (value === null || value === undefined) return '—';
  return Number(value).toLocaleString(locale(), { maximumFractionDigits: digits });
}

export function percent(share, digits = 1) {
  if (share === null || share === undefined) return '—';
  return `${number(share * 100, digits)} %`;
}

export function yesNo(value) {
  if (value === null || value === undefined) return t('unknown');
  return value ? t('yes') : t('no');
}

/** Text made safe for innerHTML. */
export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  })[c]);
}

/** Now in Vietnam as a datetime-local value (YYYY-MM-DDTHH:MM). */
export function nowLocalInput() {
  const p = parts(new Date(), true);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}
