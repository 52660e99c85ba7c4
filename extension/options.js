// Options: the service's address and API key (chrome.storage.local: never synced to other devices), the
// service's origin requested as an optional host permission when it is saved, and "Test connection".
import { callApi, format } from "./shared/view.js";
import { DEFAULTS, localise, uiText } from "./common.js";

const t = await uiText();
localise(document, t);

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const base = $("api-base");
const key = $("api-key");
const extension = `chrome-extension://${chrome.runtime.id}`;

function say(message, isError = false) {
  $("options-status").textContent = isError ? "" : message;
  $("options-error").textContent = isError ? message : "";
  $("options-error").hidden = !isError;
}

function address() {
  const value = base.value.trim().replace(/\/+$/, "");
  try {
    const url = new URL(value);
    if (url.protocol === "http:" || url.protocol === "https:") return { value, origin: url.origin };
  } catch {
    // not a URL: said below
  }
  return null;
}

$("options-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const where = address();
  if (!where) {
    say(t.badUrl, true);
    return;
  }
  // Asked inside the click's gesture, before anything is awaited; the answer may come much later.
  const asked = chrome.permissions.request({ origins: [`${where.origin}/*`] });
  await chrome.storage.local.set({ apiBase: where.value, apiKey: key.value.trim() });
  say(format(t.permissionAsk, { origin: where.origin }));
  asked.then(
    (granted) => say(format(granted ? t.permissionGranted : t.permissionDenied, { origin: where.origin, extension })),
    () => say(format(t.permissionDenied, { origin: where.origin, extension })),
  );
});

$("test-button").addEventListener("click", async () => {
  const where = address();
  if (!where) {
    say(t.badUrl, true);
    return;
  }
  say(t.testing);
  const health = await callApi({ base: where.value, path: "/health", t });
  if (!health.ok) {
    say(health.message, true);
    return;
  }
  const version = health.data && health.data.version;
  const open = await callApi({ base: where.value, path: "/v1/languages", t });
  if (open.ok) {
    say(format(t.connectedOpen, { version, url: where.value }));
    return;
  }
  const keyed = key.value.trim() ? await callApi({ base: where.value, key: key.value.trim(), path: "/v1/languages", t }) : open;
  if (keyed.ok) say(format(t.connectedKey, { version, url: where.value }));
  else say(keyed.message, true);
});

const saved = await chrome.storage.local.get(DEFAULTS);
base.value = saved.apiBase;
key.value = saved.apiKey;
$("cors-hint").textContent = format(t.corsHint, { extension });
document.body.dataset.ready = "true";
