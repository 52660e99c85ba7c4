// The review view shared by the playground (/) and the browser extension's side panel (extension/shared/ holds
// a copy; tests/test_web.py checks they are the same). Plain JavaScript, no build step. Every piece of text,
// the user's and the service's, reaches the page through textContent, never innerHTML.

export const GOAL_LETTERS = { specific: "S", measurable: "M", achievable: "A", relevant: "R", time_bound: "T" };
const SEVERITY_RANK = { info: 0, warning: 1, error: 2 };
const STATUS_SYMBOL = { pass: "✓", fail: "✗", unknown: "?" };

// The interface languages, and what a browser may call them.
export function pickLanguage(tags) {
  for (const tag of tags || []) {
    const base = String(tag).toLowerCase().split("-")[0];
    const code = { no: "nb", nn: "nb" }[base] || base;
    if (["en", "da", "nb", "sv"].includes(code)) return code;
  }
  return "en";
}

export function format(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

// h("p", {class: "x", "data-testid": "y"}, "text", child): an element, its text set as text, never parsed.
export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

export function debounce(fn, ms) {
  let timer = null;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

// "30 seconds" / "1 second" in the interface's language.
function seconds(t, n) {
  return format(n === 1 ? t.durationSecond : t.durationSeconds, { n });
}

// "A, B and C" with the interface's word for "and".
function listed(t, names) {
  return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} ${t.listAnd} ${names[names.length - 1]}`;
}

// The problem's kind, from its `type` URI (https://…/problems/rate-limited -> "rate-limited"), never from its
// English `detail`. Answers without a problem type (an older service, a proxy) fall back to the status code.
const KIND_BY_STATUS = { 400: "invalid-body", 401: "api-key", 413: "body-too-large", 422: "unsupported-language", 429: "rate-limited", 503: "busy" };
function problemKind(data, status) {
  const type = data && typeof data.type === "string" ? data.type : "";
  const slug = type.includes("/problems/") ? type.slice(type.lastIndexOf("/problems/") + 10) : "";
  return slug || KIND_BY_STATUS[status] || "";
}

// A problem+json answer as a message in the interface's language, chosen by the problem's type.
export function problemMessage(t, { status, data, wait, key }) {
  const detail = data && typeof data.detail === "string" ? data.detail : "";
  const waits = Number.isFinite(wait);
  switch (problemKind(data, status)) {
    case "unsupported-language": {
      const detected = data && typeof data.detected === "string" ? data.detected : "";
      const supported = data && Array.isArray(data.supported) ? data.supported : [];
      if (detected) {
        return format(t.errUnsupported, {
          language: t[`foreign_${detected}`] || detected,
          supported: listed(t, supported.map((code) => t[`lang_${code}`] || String(code))),
        });
      }
      break;
    }
    case "rate-limited":
      return waits ? format(t.err429, { wait: seconds(t, wait) }) : t.err429NoWait;
    case "api-key":
      return key ? t.err401 : t.err401Missing;
    case "busy":
      return waits ? format(t.err503, { wait: seconds(t, wait) }) : t.err503NoWait;
    case "time-budget":
      return waits ? format(t.errTimeBudget, { wait: seconds(t, wait) }) : t.errTimeBudgetNoWait;
    case "body-too-large":
      return t.err413;
    case "invalid-body": {
      const errors = data && Array.isArray(data.errors) ? data.errors : [];
      const parts = errors.map((e) => format(t.errField, { field: e.field, message: e.message }));
      return format(t.err400, { detail: parts.join("; ") || detail });
    }
    default:
      break;
  }
  return format(t.errOther, { status, detail });
}

// One call to the API. Answers {ok: true, data} or {ok: false, status, message, kind} with a message a person
// can act on, in the interface's language (problemMessage): unreachable, a refused or missing key (401), a
// rate limit (429, with the wait), busy or over its time budget (503), too long (413), a language the service
// does not review (422), or the fields at fault (400). An aborted call rethrows AbortError.
export async function callApi({ base = "", key = "", path, body, signal, t }) {
  const headers = { accept: "application/json, application/problem+json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (key) headers.authorization = `Bearer ${key}`;
  let response;
  try {
    response = await fetch(base + path, {
      method: body === undefined ? "GET" : "POST",
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: "omit",
      cache: "no-store",
    });
  } catch (error) {
    if (error && error.name === "AbortError") throw error;
    const url = base || (typeof location !== "undefined" ? location.origin : "");
    return { ok: false, status: 0, message: format(t.errUnreachable, { url }) };
  }
  let data = null;
  try {
    data = await response.json();
  } catch (error) {
    if (signal && signal.aborted) throw error;
  }
  if (response.ok) return { ok: true, status: response.status, data };
  const wait = Number.parseInt(response.headers.get("retry-after") || "", 10);
  if (!data || typeof data.detail !== "string") data = { ...(data || {}), detail: response.statusText || "" };
  const message = problemMessage(t, { status: response.status, data, wait, key });
  return { ok: false, status: response.status, kind: problemKind(data, response.status), message,
    retryAfter: Number.isFinite(wait) ? wait : null };
}

function criterionLabel(t, name) {
  return t[`crit_${name}`] || name.replace(/_/g, " ");
}

function statusLabel(t, status) {
  return { pass: t.statusPass, fail: t.statusFail, unknown: t.statusUnknown }[status] || status;
}

// The criteria, lit by status: SMART letters for a goal, the named checks for a mission.
export function renderCriteria(container, review, t) {
  const items = Object.entries(review.criteria).map(([name, result]) =>
    h("li", { class: `rv-crit st-${result.status}`, "data-testid": `criterion-${name}`, "data-status": result.status },
      h("span", { class: "rv-letter", "aria-hidden": "true", text: GOAL_LETTERS[name] || STATUS_SYMBOL[result.status] }),
      h("span", { class: "rv-crit-head" },
        h("span", { class: "rv-crit-name", text: criterionLabel(t, name) }),
        h("span", { class: "rv-crit-status", text: `${STATUS_SYMBOL[result.status]} ${statusLabel(t, result.status)}` })),
      h("span", { class: "rv-crit-msg", text: result.message })));
  container.replaceChildren(...items);
  container.dataset.kind = review.kind;
}

function coversWholeText(text, finding) {
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  return finding.offset <= start && finding.offset + finding.length >= end;
}

// The text with every finding underlined at its span. Overlapping spans are cut into runs; each run is one
// focusable <mark data-testid="finding"> carrying the rules of every finding over it, and the tooltip (on
// hover or focus) lists their messages. Findings about the whole text are listed under it instead, unless
// their criterion already says the same.
export function renderAnnotated(container, notes, text, review, t, tooltip) {
  const spanFindings = [];
  const whole = [];
  for (const finding of review.findings) {
    if (finding.length <= 0 || finding.offset < 0 || finding.offset + finding.length > text.length) continue;
    (coversWholeText(text, finding) ? whole : spanFindings).push(finding);
  }
  const cuts = new Set([0, text.length]);
  for (const f of spanFindings) {
    cuts.add(f.offset);
    cuts.add(f.offset + f.length);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const parts = [];
  for (let i = 0; i < points.length - 1; i += 1) {
    const [start, end] = [points[i], points[i + 1]];
    const over = spanFindings.filter((f) => f.offset <= start && f.offset + f.length >= end);
    const piece = text.slice(start, end);
    if (!over.length || !piece.trim()) {
      parts.push(document.createTextNode(piece));
      continue;
    }
    const worst = over.reduce((a, b) => (SEVERITY_RANK[b.severity] > SEVERITY_RANK[a.severity] ? b : a));
    const mark = h("mark", {
      class: `rv-mark sev-${worst.severity}`,
      tabindex: "0",
      "data-testid": "finding",
      "data-rules": over.map((f) => f.rule).join(" "),
      "data-criteria": [...new Set(over.map((f) => f.criterion))].join(" "),
      "data-severity": worst.severity,
      "aria-label": `${piece}: ${over.map((f) => f.message).join(" ")}`,
    }, piece);
    mark.rvFindings = over;
    parts.push(mark);
  }
  container.replaceChildren(...parts);
  if (tooltip) tooltip.attach(container, t);

  const shown = new Set(Object.values(review.criteria).map((c) => c.message));
  const listed = whole.filter((f) => !shown.has(f.message));
  notes.replaceChildren(...listed.map((f) =>
    h("li", { class: `rv-note sev-${f.severity}`, "data-testid": "note", "data-rule": f.rule },
      h("strong", { text: `${criterionLabel(t, f.criterion)}: ` }), f.message)));
  (notes.closest(".rv-notes-box") || notes).hidden = listed.length === 0;
}

// One floating tooltip for all marks: shown on hover and on keyboard focus, hidden on leave, blur or Escape.
export class Tooltip {
  constructor(doc) {
    this.node = h("div", { class: "rv-tooltip", role: "tooltip", id: "rv-tooltip", "data-testid": "tooltip", hidden: true });
    doc.body.append(this.node);
    doc.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.hide();
    });
  }

  attach(container, t) {
    if (container.rvTooltip) return;
    container.rvTooltip = true;
    const show = (event) => {
      const mark = event.target.closest && event.target.closest("mark[data-testid=finding]");
      if (mark && mark.rvFindings) this.show(mark, t);
    };
    const hide = (event) => {
      const mark = event.target.closest && event.target.closest("mark[data-testid=finding]");
      if (mark) this.hide();
    };
    container.addEventListener("mouseover", show);
    container.addEventListener("focusin", show);
    container.addEventListener("mouseout", hide);
    container.addEventListener("focusout", hide);
  }

  show(mark, t) {
    this.node.replaceChildren(...mark.rvFindings.map((f) =>
      h("p", { class: `sev-${f.severity}` }, h("strong", { text: `${criterionLabel(t, f.criterion)}: ` }), f.message)));
    this.node.hidden = false;
    mark.setAttribute("aria-describedby", this.node.id);
    const box = mark.getBoundingClientRect();
    const width = Math.min(360, document.documentElement.clientWidth - 16);
    this.node.style.maxWidth = `${width}px`;
    const left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    this.node.style.left = `${left}px`;
    this.node.style.top = `${box.bottom + window.scrollY + 6}px`;
  }

  hide() {
    this.node.hidden = true;
  }
}

// Suggestion text with its placeholders ("[X]", "[date]") marked.
function withPlaceholders(text, placeholders) {
  const marks = [...new Set(placeholders || [])].filter(Boolean);
  if (!marks.length) return [text];
  const parts = [];
  let rest = text;
  while (rest) {
    let best = null;
    for (const p of marks) {
      const at = rest.indexOf(p);
      if (at >= 0 && (best === null || at < best.at)) best = { at, p };
    }
    if (!best) {
      parts.push(rest);
      break;
    }
    if (best.at) parts.push(rest.slice(0, best.at));
    parts.push(h("mark", { class: "rv-placeholder", "data-testid": "placeholder", text: best.p }));
    rest = rest.slice(best.at + best.p.length);
  }
  return parts;
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (an extension page, an old browser): the selection route.
    const area = h("textarea", { class: "rv-offscreen", "aria-hidden": "true" });
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

// Rewrite suggestions: the text with placeholders marked, its own letters, Copy, and Replace where the
// caller can write back (the extension).
export function renderSuggestions(container, list, answer, t, { onReplace, canReplace, say, text } = {}) {
  const items = answer.suggestions.map((s, i) => {
    const letters = h("ol", { class: "rv-mini", "aria-label": t.goalHeading },
      Object.entries(s.review.criteria).map(([name, result]) =>
        h("li", {
          class: `st-${result.status}`, "data-testid": `suggestion-criterion-${name}`, "data-status": result.status,
          title: `${criterionLabel(t, name)}: ${statusLabel(t, result.status)}`,
          text: GOAL_LETTERS[name] || criterionLabel(t, name),
        })));
    const copy = h("button", { type: "button", class: "rv-secondary", "data-testid": "copy-button", text: t.copy });
    copy.addEventListener("click", async () => {
      const ok = await copyText(s.text);
      copy.textContent = ok ? t.copied : t.copy;
      if (!ok && say) say(t.copyFailed, true);
    });
    const actions = h("div", { class: "rv-sugg-actions" }, copy);
    if (onReplace && (!canReplace || canReplace())) {
      const replace = h("button", { type: "button", "data-testid": "replace-button", text: t.replace });
      replace.addEventListener("click", () => onReplace(replaced));
      actions.prepend(replace);
    }
    // A multi-goal paste is rewritten one goal at a time: `source` says which part of the text this replaces,
    // and Replace writes the text back with only that part changed.
    const partial = text !== undefined && s.source && s.source.length < text.length;
    const replaced = partial ? text.slice(0, s.source.offset) + s.text + text.slice(s.source.offset + s.source.length) : s.text;
    return h("li", { class: "rv-sugg", "data-testid": "suggestion", "data-index": i, "data-provider": s.provider,
      "data-source-offset": s.source ? s.source.offset : null, "data-source-length": s.source ? s.source.length : null },
      partial ? h("p", { class: "rv-assume", "data-testid": "suggestion-source",
        text: `“${text.slice(s.source.offset, s.source.offset + s.source.length)}” →` }) : null,
      h("p", { class: "rv-sugg-text", "data-testid": "suggestion-text" }, withPlaceholders(s.text, s.placeholders)),
      letters,
      s.assumptions && s.assumptions.length ? h("p", { class: "rv-assume", text: `${t.assumptions} ${s.assumptions.join("; ")}` }) : null,
      actions);
  });
  list.replaceChildren(...items);
  const notes = [];
  if (answer.degraded) notes.push(t.degraded);
  if (answer.needed === false) notes.push(answer.note || t.noSuggestions); // the text meets every criterion already
  else if (!answer.suggestions.length) notes.push(t.noSuggestions);
  else if (answer.suggestions.some((s) => s.placeholders && s.placeholders.length)) notes.push(t.placeholderHint);
  container.querySelector("[data-testid=suggestions-note]").textContent = notes.join(" ");
  container.hidden = false;
}

// Wires one reviewer view (the playground page or the side panel) to the API. `root` holds the controls and
// result areas by data-testid; `api(path, body, signal)` calls the service; `onReplace` (optional) writes a
// suggestion back where the text came from, offered while `canReplace()` says it can.
export function mountReviewer(root, { t, api, onReplace, canReplace, delay = 500 }) {
  const $ = (id) => root.querySelector(`[data-testid="${id}"]`);
  const input = $("text-input");
  const kind = $("kind-select");
  const language = $("language-select");
  const status = $("status");
  const error = $("error");
  const results = $("results");
  const suggestions = $("suggestions");
  const tooltip = new Tooltip(document);
  let inFlight = null;

  const say = (message, isError = false) => {
    error.textContent = isError ? message : "";
    error.hidden = !isError;
    status.textContent = isError ? "" : message;
  };

  const context = () => {
    const out = {};
    const model = $("context-business-model");
    const channels = $("context-channels");
    const mission = $("context-mission");
    const today = $("context-today");
    if (model && model.value) out.business_model = model.value;
    if (channels && channels.value.trim()) out.channels = channels.value.split(",").map((c) => c.trim()).filter(Boolean).slice(0, 50);
    if (mission && mission.value.trim()) out.mission = mission.value;
    if (today && today.value) out.today = today.value;
    return Object.keys(out).length ? out : undefined;
  };

  const request = (extra = {}) => ({
    text: input.value, kind: kind.value, language: language.value, context: context(), ...extra,
  });

  const show = (review) => {
    const languageName = t[`lang_${review.language}`] || review.language;
    $("summary").textContent = format(t.summary, { kind: t[`kind_${review.kind}`] || review.kind, language: languageName });
    $("criteria-heading").textContent = review.kind === "goal" ? t.goalHeading : t.missionHeading;
    renderCriteria($("criteria"), review, t);
    renderAnnotated($("annotated"), $("notes"), input.value, review, t, tooltip);
    $("text-hint").textContent = $("annotated").querySelector("mark") ? t.textHint : t.noSpans;
    results.hidden = false;
  };

  const run = async (path, extra, busy) => {
    if (!input.value.trim()) {
      if (inFlight) inFlight.abort();
      results.hidden = true;
      suggestions.hidden = true;
      say(t.emptyHint);
      return null;
    }
    if (inFlight) inFlight.abort();
    const controller = new AbortController();
    inFlight = controller;
    say(busy);
    root.setAttribute("aria-busy", "true");
    try {
      const answer = await api(path, request(extra), controller.signal);
      if (controller !== inFlight) return null;
      if (!answer.ok) {
        say(answer.message, true);
        results.hidden = true; // what is shown was for another text, or another setting
        suggestions.hidden = true;
        return null;
      }
      say("");
      return answer.data;
    } catch (err) {
      if (err && err.name === "AbortError") return null;
      throw err;
    } finally {
      if (controller === inFlight) {
        inFlight = null;
        root.removeAttribute("aria-busy");
      }
    }
  };

  const review = async () => {
    const data = await run("/v1/review", {}, t.reviewing);
    if (data) show(data);
  };

  const rewrite = async () => {
    const sent = input.value;
    const data = await run("/v1/rewrite", { max_suggestions: 3 }, t.rewriting);
    if (!data) return;
    show(data.review);
    renderSuggestions(suggestions, $("suggestion-list"), data, t, { onReplace, canReplace, say, text: sent });
  };

  const later = debounce(review, delay);
  const changed = () => {
    suggestions.hidden = true; // suggestions were for the text as it was
    later();
  };
  input.addEventListener("input", changed);
  for (const control of [kind, language, $("context-business-model"), $("context-channels"), $("context-mission"), $("context-today")]) {
    if (control) control.addEventListener("change", changed);
  }
  $("review-button").addEventListener("click", () => {
    later.cancel();
    review();
  });
  $("rewrite-button").addEventListener("click", () => {
    later.cancel();
    rewrite();
  });
  say(input.value.trim() ? "" : t.emptyHint);

  return {
    review,
    rewrite,
    say,
    setText(text) {
      input.value = text;
      suggestions.hidden = true;
    },
  };
}
