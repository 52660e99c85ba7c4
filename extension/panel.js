// The side panel: the playground's view over the configured service, fed by the selection that "Review goal"
// took (background.js keeps it in chrome.storage.session), with Replace writing a suggestion back into the
// field it came from.
import { callApi, format, mountReviewer } from "./shared/view.js";
import { DEFAULTS, localise, uiText } from "./common.js";

const t = await uiText();
localise(document, t);

const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
let selection = null;

const optionsLink = $("options-link");
$("open-options").addEventListener("click", () => chrome.runtime.openOptionsPage());

async function api(path, body, signal) {
  const { apiBase, apiKey } = await chrome.storage.local.get(DEFAULTS);
  const answer = await callApi({ base: apiBase, key: apiKey, path, body, signal, t });
  // Unreachable or a refused key: the fix is in the options.
  optionsLink.hidden = answer.ok || ![0, 401].includes(answer.status);
  return answer;
}

const view = mountReviewer($("reviewer"), {
  t,
  api,
  onReplace: replace,
  canReplace: () => Boolean(selection && selection.editable),
});

async function replace(text) {
  if (!selection || !selection.editable) {
    view.say(t.panelReadOnly, true);
    return;
  }
  try {
    const [result] = await chrome.scripting.executeScript({
      target: { tabId: selection.tabId, frameIds: [selection.frameId] },
      func: replaceSelection,
      args: [text],
    });
    if (result && result.result && result.result.ok) view.say(t.replaced);
    else view.say(format(t.replaceFailed, { reason: t.replaceGone }), true);
  } catch (error) {
    view.say(format(t.replaceFailed, { reason: String((error && error.message) || error) }), true);
  }
}

// Runs in the page's isolated world, where captureSelection (background.js) left the target. The field's own
// editing command first (undo keeps working, editors see the input), then a direct edit if that was refused.
function replaceSelection(text) {
  const target = globalThis.__goalReviewerTarget;
  if (!target || !target.el || !target.el.isConnected) return { ok: false };
  const el = target.el;
  el.focus();
  if (target.kind === "field") {
    el.setSelectionRange(target.start, target.end);
    const done = document.execCommand("insertText", false, text);
    if (!done || el.value.slice(target.start, target.start + text.length) !== text) {
      el.setRangeText(text, target.start, target.end, "end");
      el.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertReplacementText", data: text }));
    }
    target.end = target.start + text.length;
    el.setSelectionRange(target.start, target.end);
    return { ok: true };
  }
  const selected = getSelection();
  selected.removeAllRanges();
  selected.addRange(target.range);
  if (document.execCommand("insertText", false, text)) {
    // Keep the inserted text as the target, so that a second Replace replaces it.
    const node = selected.focusNode;
    const end = selected.focusOffset;
    const range = document.createRange();
    if (node && node.nodeType === Node.TEXT_NODE && end >= text.length && node.data.slice(end - text.length, end) === text) {
      range.setStart(node, end - text.length);
      range.setEnd(node, end);
    } else {
      range.setStart(selected.focusNode, selected.focusOffset);
    }
    target.range = range;
    return { ok: true };
  }
  target.range.deleteContents();
  const node = document.createTextNode(text);
  target.range.insertNode(node);
  target.range.selectNodeContents(node);
  el.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertReplacementText", data: text }));
  return { ok: true };
}

async function show(taken) {
  selection = taken;
  const source = $("source");
  source.textContent = format(t.panelFrom, { title: taken.title || "" });
  source.hidden = !taken.title;
  $("empty").hidden = Boolean(taken.text && taken.text.trim());
  if (!taken.text || !taken.text.trim()) {
    await showEmpty();
    if (taken.error) $("empty").textContent = t.panelNoAccess;
    return;
  }
  view.setText(taken.text);
  await view.review();
  await view.rewrite();
  if (!taken.editable) view.say(t.panelReadOnly);
}

async function showEmpty() {
  const commands = await chrome.commands.getAll();
  const action = commands.find((c) => c.name === "_execute_action");
  const empty = $("empty");
  empty.textContent = format(t.panelEmpty, { shortcut: (action && action.shortcut) || "Alt+Shift+G" });
  empty.hidden = false;
}

chrome.storage.session.onChanged.addListener((changes) => {
  if (changes.selection && changes.selection.newValue) show(changes.selection.newValue);
});
const { selection: taken } = await chrome.storage.session.get("selection");
if (taken) await show(taken);
else await showEmpty();
document.body.dataset.ready = "true";
