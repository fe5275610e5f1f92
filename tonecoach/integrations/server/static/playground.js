/* tonecoach playground: the draft with each suggestion underlined in its category's colour.
 *
 * Plain JavaScript, no framework, nothing fetched from elsewhere. Every piece of text goes
 * into the page through textContent (never innerHTML): drafts, names and messages are
 * whatever a person pasted.
 *
 * Offsets from /api/check are Python characters (Unicode code points); JavaScript strings
 * index UTF-16 code units, so every offset goes through a code point → UTF-16 map before
 * a string is cut (an emoji before a fragment is one character there, two units here).
 */
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const draft = $("tc-draft");
  const clientMessage = $("tc-client-message");
  const clientName = $("tc-client-name");
  const apiKey = $("tc-api-key");
  const statusLine = $("tc-status");
  const marked = $("tc-marked");
  const tip = $("tc-tip");
  const descriptions = $("tc-descriptions");
  const details = $("tc-details");
  const list = $("tc-list");
  const appliedBox = $("tc-applied");
  const appliedList = $("tc-applied-list");
  const signalsBox = $("tc-signals");
  const metricsBox = $("tc-metrics");
  const fixAllButton = $("tc-fix-all");

  const DEBOUNCE_MS = 400;
  const SEVERITY = { error: "ошибка", warning: "замечание", info: "совет" };
  const CATEGORY_TITLES = {};
  for (const li of document.querySelectorAll("#tc-legend li")) {
    CATEGORY_TITLES[li.dataset.category] = li.querySelector(".tc-legend-title").textContent;
  }
  const SITUATIONS = {};
  for (const li of document.querySelectorAll("#tc-situation-labels li")) {
    SITUATIONS[li.dataset.situation] = li.textContent;
  }

  const state = {
    report: null,        // the last Report shown
    sentContext: "",     // the context it was checked with (JSON)
    seq: 0,              // the newest request; older answers are dropped
    controller: null,    // aborts a check that a newer one replaces
    timer: 0,
    focusAfter: null,    // code point offset: focus the next underline there after a check
    selected: null,      // indices of the suggestions in the details panel
  };

  // ---- text in code points --------------------------------------------------------------

  /** u16[i] is the UTF-16 index of code point i (u16[n] is the string's length). */
  function codePointMap(text) {
    const u16 = [0];
    let at = 0;
    for (const ch of text) {
      at += ch.length;
      u16.push(at);
    }
    return u16;
  }

  function cut(text, u16, start, end) {
    const n = u16.length - 1;
    const a = u16[Math.min(Math.max(start, 0), n)];
    const b = u16[Math.min(Math.max(end, 0), n)];
    return text.slice(a, b);
  }

  function spliceCodePoints(text, start, end, replacement) {
    const chars = Array.from(text);
    chars.splice(start, end - start, replacement);
    return chars.join("");
  }

  // ---- small DOM helpers ----------------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function quoted(text) {
    return "«" + text + "»";
  }

  function setStatus(text, isError) {
    statusLine.textContent = text;
    statusLine.classList.toggle("tc-error", Boolean(isError));
  }

  function plural(n, one, few, many) {
    const tens = n % 100, units = n % 10;
    if (tens >= 11 && tens <= 14) return many;
    if (units === 1) return one;
    if (units >= 2 && units <= 4) return few;
    return many;
  }

  // ---- what a fix does, in words ----------------------------------------------------------

  function fragmentOf(report, s) {
    return cut(report.text, codePointMap(report.text), s.start, s.end);
  }

  function fixLabel(report, s, replacement) {
    const shown = replacement.trim();
    if (s.start === s.end) return "Вставить " + quoted(shown);
    if (shown === "") return "Удалить " + quoted(fragmentOf(report, s).trim());
    return "Заменить на " + quoted(shown);
  }

  function describe(report, s) {
    const fix = s.replacements.length ? " Исправление: " + fixLabel(report, s, s.replacements[0]) + "."
      : " Исправить вручную.";
    return (CATEGORY_TITLES[s.category] || s.category) + ", " + s.code + ": " + s.message + fix;
  }

  // ---- requests -----------------------------------------------------------------------------

  function context() {
    return {
      client_name: clientName.value.trim() || null,
      client_message: clientMessage.value.trim() || null,
    };
  }

  async function post(path, body, signal) {
    const headers = { "Content-Type": "application/json" };
    if (apiKey.value) headers["X-API-Key"] = apiKey.value;
    let response;
    try {
      response = await fetch(path, { method: "POST", headers, body: JSON.stringify(body), signal });
    } catch (error) {
      if (error && error.name === "AbortError") throw error;
      throw new Error("Сервер не отвечает. Запущен ли tonecoach serve?");
    }
    let data = null;
    try {
      data = await response.json();
    } catch (error) {
      data = null;
    }
    if (!response.ok) {
      if (response.status === 401) {
        $("tc-key-row").hidden = false;
      }
      let detail = data && data.detail;
      if (Array.isArray(detail)) detail = detail.map((d) => d.msg || JSON.stringify(d)).join("; ");
      if (typeof detail !== "string") detail = response.statusText || "ошибка сервера";
      const prefix = { 401: "Нужен ключ API", 413: "Слишком длинный текст",
                       429: "Сервер занят", 503: "Сервер занят" }[response.status];
      throw new Error((prefix ? prefix + ": " : "Ошибка " + response.status + ": ") + detail);
    }
    return data;
  }

  function isCurrent() {
    return state.report !== null && state.report.text === draft.value
      && state.sentContext === JSON.stringify(context());
  }

  function scheduleCheck() {
    clearTimeout(state.timer);
    marked.classList.add("tc-stale");
    state.timer = setTimeout(runCheck, DEBOUNCE_MS);
  }

  async function runCheck() {
    clearTimeout(state.timer);
    if (state.controller) state.controller.abort();
    const text = draft.value;
    const ctx = context();
    const seq = ++state.seq;
    if (!text.trim()) {
      state.controller = null;
      showReport(null, ctx);
      setStatus("");
      return;
    }
    const controller = new AbortController();
    state.controller = controller;
    setStatus("Проверяю…");
    let report;
    try {
      report = await post("api/check", { text, context: ctx }, controller.signal);
    } catch (error) {
      if (error.name !== "AbortError" && seq === state.seq) setStatus(error.message, true);
      return;
    }
    if (seq !== state.seq) return;  // a newer check is on its way
    state.controller = null;
    showReport(report, ctx);
    const n = report.suggestions.length;
    setStatus(n ? n + " " + plural(n, "замечание", "замечания", "замечаний")
      : "Замечаний нет — можно отправлять.");
  }

  // ---- the report ---------------------------------------------------------------------------

  function showReport(report, ctx) {
    state.report = report;
    state.sentContext = JSON.stringify(ctx);
    marked.classList.remove("tc-stale");
    hideTip();
    renderMarked(report);
    renderList(report);
    renderLegend(report);
    renderSignals(report);
    renderMetrics(report);
    state.selected = null;
    showDetails(null);
    if (report !== null && state.focusAfter !== null) {
      const at = state.focusAfter;
      state.focusAfter = null;
      const next = Array.from(marked.querySelectorAll("[data-start]"))
        .find((node) => Number(node.dataset.start) >= at);
      if (next) next.focus();
      else details.focus();
    }
  }

  function renderMarked(report) {
    clear(marked);
    clear(descriptions);
    if (report === null) {
      marked.appendChild(el("span", "tc-empty",
        "Здесь появится черновик с подчёркнутыми замечаниями."));
      return;
    }
    const text = report.text;
    const u16 = codePointMap(text);
    const n = u16.length - 1;
    const all = report.suggestions.map((s, i) => ({ s, i }));
    const spans = all.filter(({ s }) => s.end > s.start);
    const inserts = all.filter(({ s }) => s.end === s.start);
    const cuts = new Set([0, n]);
    for (const { s } of spans) {
      cuts.add(Math.min(s.start, n));
      cuts.add(Math.min(s.end, n));
    }
    for (const { s } of inserts) cuts.add(Math.min(s.start, n));
    const points = Array.from(cuts).sort((a, b) => a - b);
    let markNo = 0;
    points.forEach((a, k) => {
      const b = k + 1 < points.length ? points[k + 1] : n;
      for (const { s, i } of inserts) {
        if (Math.min(s.start, n) === a) {
          const node = el("span", "tc-insert tc-" + s.category);
          node.setAttribute("aria-label", "вставка");
          decorate(node, report, [i], a, markNo++);
          marked.appendChild(node);
        }
      }
      if (a >= b) return;
      const piece = cut(text, u16, a, b);
      const covering = spans.filter(({ s }) => s.start <= a && b <= s.end).map(({ i }) => i);
      if (!covering.length) {
        marked.appendChild(document.createTextNode(piece));
        return;
      }
      const first = report.suggestions[covering[0]];
      const node = el("span", "tc-mark tc-" + first.category, piece);
      decorate(node, report, covering, a, markNo++);
      marked.appendChild(node);
    });
  }

  function decorate(node, report, indices, start, markNo) {
    const descId = "tc-desc-" + markNo;
    const desc = el("div", null, indices.map((i) => describe(report, report.suggestions[i])).join(" ")
      + " Enter — подробности и исправление.");
    desc.id = descId;
    descriptions.appendChild(desc);
    node.tabIndex = 0;
    node.setAttribute("role", "button");
    node.setAttribute("aria-describedby", descId);
    node.dataset.suggestions = indices.join(" ");
    node.dataset.category = report.suggestions[indices[0]].category;
    node.dataset.start = String(start);
    node.addEventListener("mouseenter", () => showTip(node));
    node.addEventListener("mouseleave", () => { if (document.activeElement !== node) hideTip(); });
    node.addEventListener("focus", () => { showTip(node); select(indices); });
    node.addEventListener("blur", hideTip);
    node.addEventListener("click", () => { select(indices); openDetails(); });
    node.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        select(indices);
        openDetails();
      } else if (event.key === "Escape") {
        hideTip();
      }
    });
  }

  function indicesOf(node) {
    return node.dataset.suggestions.split(" ").map(Number);
  }

  function tipContent(report, indices) {
    const box = document.createDocumentFragment();
    for (const i of indices) {
      const s = report.suggestions[i];
      const head = el("p");
      head.appendChild(el("strong", null, (CATEGORY_TITLES[s.category] || s.category) + " · " + s.code));
      box.appendChild(head);
      box.appendChild(el("p", null, s.message));
      box.appendChild(el("p", "tc-fix", s.replacements.length
        ? fixLabel(report, s, s.replacements[0]) : "Исправить вручную"));
    }
    return box;
  }

  function showTip(node) {
    if (!state.report) return;
    clear(tip);
    tip.appendChild(tipContent(state.report, indicesOf(node)));
    tip.hidden = false;
    const rect = node.getBoundingClientRect();
    const width = tip.offsetWidth;
    const left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8));
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (rect.bottom + window.scrollY + 6) + "px";
  }

  function hideTip() {
    tip.hidden = true;
  }

  function select(indices) {
    state.selected = indices;
    for (const node of marked.querySelectorAll(".tc-selected")) node.classList.remove("tc-selected");
    for (const node of marked.querySelectorAll("[data-suggestions]")) {
      if (indicesOf(node).some((i) => indices.includes(i))) node.classList.add("tc-selected");
    }
    showDetails(indices);
  }

  function openDetails() {
    const button = details.querySelector("button");
    (button || details).focus();
  }

  function fixButtons(report, index) {
    const s = report.suggestions[index];
    return s.replacements.slice(0, 3).map((replacement, r) => {
      const button = el("button", "tc-apply", fixLabel(report, s, replacement));
      button.type = "button";
      button.addEventListener("click", () => applyOne(index, r));
      return button;
    });
  }

  function suggestionBlock(report, index, container) {
    const s = report.suggestions[index];
    const head = el("p");
    head.appendChild(el("span", "tc-cat tc-" + s.category, CATEGORY_TITLES[s.category] || s.category));
    head.appendChild(document.createTextNode(" "));
    head.appendChild(el("span", "tc-code", s.code + " " + s.name));
    head.appendChild(document.createTextNode(" "));
    head.appendChild(el("span", "tc-sev", SEVERITY[s.severity] || s.severity));
    container.appendChild(head);
    if (s.end > s.start) container.appendChild(el("p", "tc-fragment", quoted(fragmentOf(report, s))));
    container.appendChild(el("p", "tc-message", s.message));
    const buttons = fixButtons(report, index);
    if (buttons.length) {
      const row = el("p", "tc-buttons");
      buttons.forEach((b, k) => {
        if (k) row.appendChild(document.createTextNode(" "));
        row.appendChild(b);
      });
      container.appendChild(row);
    } else {
      container.appendChild(el("p", "tc-sev", "Автоматического исправления нет: это совет."));
    }
  }

  function showDetails(indices) {
    clear(details);
    const report = state.report;
    if (!report || !indices || !indices.length) {
      details.appendChild(el("p", "tc-hint",
        report && report.suggestions.length
          ? "Выберите подчёркнутый фрагмент: здесь будет объяснение и исправление."
          : "Подробности замечания появятся здесь."));
      return;
    }
    for (const i of indices) suggestionBlock(report, i, details);
  }

  function renderList(report) {
    clear(list);
    if (!report) return;
    report.suggestions.forEach((s, i) => {
      const item = el("li");
      item.dataset.code = s.code;
      suggestionBlock(report, i, item);
      list.appendChild(item);
    });
  }

  function renderLegend(report) {
    for (const li of document.querySelectorAll("#tc-legend li")) {
      const n = report ? report.suggestions.filter((s) => s.category === li.dataset.category).length : 0;
      li.querySelector(".tc-count").textContent = n ? "(" + n + ")" : "";
    }
  }

  function row(box, term, value) {
    box.appendChild(el("dt", null, term));
    const dd = el("dd");
    if (Array.isArray(value)) {
      if (!value.length) dd.textContent = "нет";
      for (const fragment of value) dd.appendChild(el("span", "tc-chip", fragment));
    } else {
      dd.textContent = value;
    }
    box.appendChild(dd);
  }

  function renderSignals(report) {
    clear(signalsBox);
    const signals = report && report.signals;
    if (!signals) {
      signalsBox.appendChild(el("dd", "tc-hint",
        "Добавьте сообщение клиента — здесь будет видно, что в нём прочитано."));
      return;
    }
    row(signalsBox, "Клиент расстроен", signals.upset);
    row(signalsBox, "Клиенту нужна помощь", signals.trouble);
    row(signalsBox, "Вина компании", signals.fault);
    row(signalsBox, "Радость, благодарность", signals.joy);
    row(signalsBox, "Ситуация", SITUATIONS[signals.situation] || signals.situation);
  }

  function readability(score) {
    if (score >= 80) return "читается легко";
    if (score >= 50) return "читается обычно";
    if (score >= 30) return "читается с трудом";
    return "читается тяжело";
  }

  function renderMetrics(report) {
    clear(metricsBox);
    if (!report) return;
    const m = report.metrics;
    const number = (x) => x.toLocaleString("ru-RU", { maximumFractionDigits: 1 });
    row(metricsBox, "Слов", String(m.words));
    row(metricsBox, "Предложений", String(m.sentences));
    row(metricsBox, "Слов в предложении", number(m.mean_sentence_length));
    row(metricsBox, "Читаемость", m.words ? number(m.readability) + " — " + readability(m.readability)
      : "—");
  }

  // ---- fixing ---------------------------------------------------------------------------------

  function applyOne(index, which) {
    const report = state.report;
    if (!isCurrent()) {
      setStatus("Текст изменился — проверяю заново.");
      runCheck();
      return;
    }
    const s = report.suggestions[index];
    const replacement = s.replacements[which || 0];
    if (replacement === undefined) return;
    const before = s.start === s.end ? "" : fragmentOf(report, s);
    draft.value = spliceCodePoints(report.text, s.start, s.end, replacement);
    showApplied([{ code: s.code, category: s.category, before, after: replacement }]);
    state.focusAfter = s.start;
    runCheck();
  }

  async function fixAll() {
    const text = draft.value;
    if (!text.trim()) return;
    clearTimeout(state.timer);
    if (state.controller) state.controller.abort();
    const ctx = context();
    const seq = ++state.seq;
    fixAllButton.disabled = true;
    setStatus("Исправляю…");
    let result;
    try {
      result = await post("api/fix", { text, context: ctx });
    } catch (error) {
      if (seq === state.seq) setStatus(error.message, true);
      return;
    } finally {
      fixAllButton.disabled = false;
    }
    if (seq !== state.seq || draft.value !== text) {
      setStatus("Текст изменился, пока шло исправление: нажмите «Исправить всё» ещё раз.");
      return;
    }
    draft.value = result.text;
    showApplied(result.applied);
    const previous = state.report;
    showReport({ text: result.text, suggestions: result.advice,
                 signals: previous ? previous.signals : null,
                 metrics: previous ? previous.metrics : { words: 0, sentences: 0,
                   mean_sentence_length: 0, readability: 0 } }, ctx);
    const n = result.applied.length, left = result.advice.length;
    setStatus("Исправлено: " + n + ". " + (left
      ? "Осталось " + left + " " + plural(left, "совет", "совета", "советов") + " — их правят вручную."
      : "Больше замечаний нет."));
    const message = statusLine.textContent;
    await runCheck();  // fresh metrics for the fixed text
    setStatus(message);
  }

  function showApplied(applied) {
    clear(appliedList);
    appliedBox.hidden = !applied.length;
    for (const a of applied) {
      const item = el("li");
      item.appendChild(el("span", "tc-code tc-cat tc-" + a.category, a.code));
      item.appendChild(document.createTextNode(" "));
      if (!a.before) {
        item.appendChild(document.createTextNode("вставлено "));
        item.appendChild(el("span", "tc-after", quoted(a.after.trim())));
      } else if (!a.after.trim()) {
        item.appendChild(document.createTextNode("удалено "));
        item.appendChild(el("span", "tc-before", quoted(a.before.trim())));
      } else {
        item.appendChild(el("span", "tc-before", quoted(a.before)));
        item.appendChild(document.createTextNode(" → "));
        item.appendChild(el("span", "tc-after", quoted(a.after)));
      }
      appliedList.appendChild(item);
    }
  }

  // ---- copying ---------------------------------------------------------------------------------

  async function copyText() {
    const text = draft.value;
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        setStatus("Текст скопирован.");
        return;
      } catch (error) {
        // no permission: the old way below
      }
    }
    draft.focus();
    draft.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    setStatus(copied ? "Текст скопирован."
      : "Не получилось скопировать: текст выделен, нажмите Ctrl+C.", !copied);
  }

  // ---- wiring ----------------------------------------------------------------------------------

  for (const field of [draft, clientMessage, clientName, apiKey]) {
    field.addEventListener("input", scheduleCheck);
  }
  draft.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      runCheck();
    }
  });
  details.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !state.selected) return;
    const back = Array.from(marked.querySelectorAll("[data-suggestions]"))
      .find((node) => indicesOf(node).includes(state.selected[0]));
    if (back) back.focus();
  });
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") hideTip(); });
  $("tc-check").addEventListener("click", runCheck);
  fixAllButton.addEventListener("click", fixAll);
  $("tc-copy").addEventListener("click", copyText);
  showReport(null, context());
  if (draft.value.trim()) runCheck();
})();
