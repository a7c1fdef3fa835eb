// Interface strings: Vietnamese first, English on request (remembered in localStorage).
const dictionaries = {};
const listeners = [];
let current = 'vi';

export async function loadLanguages(languages) {
  await Promise.all(languages.map(async (lang) => {
    const response = await fetch(`/static/i18n/${lang}.json`);
    dictionaries[lang] = await response.json();
  }));
  const saved = localStorage.getItem('camreg.lang');
  current = languages.includes(saved) ? saved : 'vi';
}

export function language() {
  return current;
}

export function t(key, vars = {}) {
  const text = dictionaries[current]?.[key] ?? dictionaries.vi?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/** The label of a vocabulary value, e.g. label('status', 'active'). */
export function label(kind, value) {
  if (value === null || value === undefined) return t('unknown');
  const key = `${kind}_${value}`;
  const text = t(key);
  return text === key ? String(value) : text;
}

export function applyTo(root) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  });
}

export function setLanguage(lang) {
  if (!(lang in dictionaries)) return;
  current = lang;
  localStorage.setItem('camreg.lang', lang);
  document.documentElement.lang = lang;
  applyTo(document);
  listeners.forEach((fn) => fn(lang));
}

export function onLanguageChange(fn) {
  listeners.push(fn);
}
