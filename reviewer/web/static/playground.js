// The playground at /: the shared review view over this service's own /v1 endpoints (same origin).
import { callApi, mountReviewer } from "./view.js";

const t = JSON.parse(document.getElementById("ui-text").textContent);
const keyInput = document.querySelector("[data-testid=api-key]");
const KEY = "reviewer.apiKey";

if (keyInput) {
  // Kept for this tab only (sessionStorage), never in the page's address or a cookie.
  keyInput.value = sessionStorage.getItem(KEY) || "";
  keyInput.addEventListener("change", () => sessionStorage.setItem(KEY, keyInput.value.trim()));
}

const view = mountReviewer(document.querySelector("[data-testid=reviewer]"), {
  t,
  api: (path, body, signal) => callApi({ key: keyInput ? keyInput.value.trim() : "", path, body, signal, t }),
});
if (keyInput) keyInput.addEventListener("change", () => view.review());
