// What the panel and the options page share: the settings' defaults and the interface text in the browser's
// language (shared/ui-text.json, the playground's own; manifest strings are in _locales/).
import { pickLanguage } from "./shared/view.js";

export const DEFAULTS = { apiBase: "http://127.0.0.1:8000", apiKey: "" };

export async function uiText() {
  const texts = await (await fetch(chrome.runtime.getURL("shared/ui-text.json"))).json();
  const lang = pickLanguage([chrome.i18n.getUILanguage(), ...navigator.languages]);
  document.documentElement.lang = lang;
  return { ...texts.en, ...texts[lang] };
}

export function localise(root, t) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t[el.dataset.i18n] || "";
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t[el.dataset.i18nPlaceholder] || "";
}
