// The service worker: "Review goal" from the context menu, the toolbar button or its shortcut (Alt+Shift+G,
// the action's command) takes the selected text, remembers where it came from, and opens the side panel.
// Each of these is a user gesture, which grants activeTab for that tab: no host permission on any page.

const MENU_ID = "review-goal";

chrome.runtime.onInstalled.addListener(() => {
  chrome.contextMenus.create({
    id: MENU_ID,
    title: chrome.i18n.getMessage("actionTitle"),
    contexts: ["selection", "editable"],
  });
});

chrome.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId === MENU_ID && tab) reviewFrom(tab, info.frameId ?? 0);
});

chrome.action.onClicked.addListener((tab) => reviewFrom(tab, null));

function reviewFrom(tab, frameId) {
  // The panel may only be opened in answer to the gesture: first, before anything is awaited.
  chrome.sidePanel.open({ tabId: tab.id }).catch(() => chrome.sidePanel.open({ windowId: tab.windowId }));
  capture(tab, frameId).then((selection) => chrome.storage.session.set({ selection }));
}

async function capture(tab, frameId) {
  const base = { tabId: tab.id, frameId: 0, title: tab.title || "", text: "", editable: false, at: Date.now() };
  const target = frameId === null ? { tabId: tab.id, allFrames: true } : { tabId: tab.id, frameIds: [frameId] };
  let results;
  try {
    results = await chrome.scripting.executeScript({ target, func: captureSelection });
  } catch (error) {
    // Pages no extension may script (the browser's own, the web store): nothing to take.
    return { ...base, error: String((error && error.message) || error) };
  }
  const hit = results.find((r) => r.result && r.result.text) || results.find((r) => r.frameId === 0) || results[0];
  return { ...base, frameId: hit ? hit.frameId : 0, ...((hit && hit.result) || {}) };
}

// Runs in the page, in the extension's isolated world: the selected text, and where it came from, kept in that
// world for the panel's Replace (panel.js, replaceSelection). Nothing else of the page is read.
function captureSelection() {
  const active = document.activeElement;
  const textTypes = ["", "text", "search"]; // the input types that have a text selection to replace
  const isField = (el) => el && !el.readOnly && !el.disabled
    && (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && textTypes.includes((el.getAttribute("type") || "").toLowerCase())));
  if (isField(active)) {
    let start = active.selectionStart ?? 0;
    let end = active.selectionEnd ?? 0;
    if (start === end) [start, end] = [0, active.value.length]; // nothing selected: the whole field
    globalThis.__goalReviewerTarget = { kind: "field", el: active, start, end };
    return { text: active.value.slice(start, end), editable: true, field: active.tagName.toLowerCase() };
  }
  const editableRoot = (node) => {
    let el = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
    if (!el || !el.isContentEditable) return null;
    while (el.parentElement && el.parentElement.isContentEditable) el = el.parentElement;
    return el;
  };
  const selection = getSelection();
  if (selection && selection.rangeCount && !selection.isCollapsed) {
    const range = selection.getRangeAt(0);
    const root = editableRoot(range.commonAncestorContainer);
    globalThis.__goalReviewerTarget = root ? { kind: "editable", el: root, range: range.cloneRange() } : null;
    return { text: selection.toString(), editable: Boolean(root), field: root ? "contenteditable" : null };
  }
  const root = editableRoot(active);
  if (root) {
    const range = document.createRange();
    range.selectNodeContents(root);
    globalThis.__goalReviewerTarget = { kind: "editable", el: root, range };
    return { text: range.toString(), editable: true, field: "contenteditable" };
  }
  globalThis.__goalReviewerTarget = null;
  return { text: "", editable: false, field: null };
}
