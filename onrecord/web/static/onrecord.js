// onrecord article view: the statement detail panel, the speaker filter and #s/#p targets.
// Plain script, no library. Data comes from data- attributes the server escaped; it is written to
// the page only through textContent, never as HTML.
(function () {
  "use strict";

  var body = document.getElementById("article-body");
  if (!body) return;
  var detail = document.getElementById("detail");
  var marks = Array.prototype.slice.call(body.querySelectorAll("mark.st"));
  var TYPES = {
    direct: "direct quote (their words)",
    indirect: "reported speech (paraphrase)",
    mixed: "paraphrase with quoted words",
    block: "quoted passage"
  };
  var ACTS = {
    speech: "speech (said, wrote, told)",
    belief: "belief (thinks, expects, fears)",
    knowledge: "knowledge (found, showed, knows)",
    intention: "intention (wants, plans, decided)"
  };

  function field(name) { return detail.querySelector('[data-field="' + name + '"]'); }
  function setText(name, value) { var el = field(name); if (el) el.textContent = value; }
  function fmtDate(iso) {
    if (!iso) return "";
    var d = new Date(iso + "T12:00:00Z");
    if (isNaN(d)) return iso;
    return d.toLocaleDateString(undefined, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  var pinned = null;
  var rows = document.querySelectorAll(".statement-list li[data-anchor]").length;

  function show(anchor) {
    var row = document.getElementById("q-" + anchor);
    if (!row || !detail) return;
    var d = row.dataset;
    var role = d.role || (d.description && d.description !== d.speaker ? d.description : "");
    setText("speaker", d.speaker);
    field("swatch").className = "swatch " + (d.colour || "cx");
    setText("role", role && role !== d.speaker ? role : "—");
    setText("detail-h", "Statement " + d.number + " of " + rows);
    setText("anonymous", d.anonymous === "anonymous" ? "Unnamed source" : "Named source");
    setText("cue", d.cue ? "“" + d.cue + "”" : "—");
    setText("type", TYPES[d.type] || d.type || "—");
    setText("act", ACTS[d.act] || d.act || "—");
    var outlet = d.outlet || "";
    var articleOutlet = body.dataset.articleOutlet || "";
    setText("outlet", outlet || (articleOutlet ? "— (reported by " + articleOutlet + ")" : "—"));
    var date = d.date ? fmtDate(d.date) : "";
    if (date && d.dateText) date += " (“" + d.dateText + "”)";
    if (!date && body.dataset.articleDate) date = fmtDate(body.dataset.articleDate) + " (article date)";
    setText("date", date || "unknown");
    setText("confidence", d.confidence + "%" + (d.uncertain === "yes" ? " (uncertain)" : ""));
    field("meter").value = Number(d.confidence) || 0;
    field("link").setAttribute("href", "#" + anchor);
    var speakerLink = field("speaker-link");
    // the server builds these as "/speakers/<escaped id>"; anything else is not followed
    var href = d.speakerHref || "";
    speakerLink.hidden = href.indexOf("/speakers/") !== 0;
    if (!speakerLink.hidden) {
      speakerLink.setAttribute("href", href);
      speakerLink.textContent = "Everything " + d.speaker + " said \u2192";
    }
    var relatedLink = field("related-link");
    if (relatedLink) {  // the server builds these as "/statements/<escaped id>"; anything else is not followed
      var related = d.relatedHref || "";
      relatedLink.hidden = related.indexOf("/statements/") !== 0;
      if (!relatedLink.hidden) relatedLink.setAttribute("href", related);
    }
    showRelated(anchor === pinned ? d.relatedHref || "" : "");
    field("empty").hidden = true;
    detail.querySelector("dl").hidden = false;
    field("link-wrap").hidden = false;
    detail.classList.add("has-statement");
    marks.forEach(function (m) { m.classList.toggle("active", m.dataset.statement === anchor); });
    document.querySelectorAll(".statement-list li.active").forEach(function (li) { li.classList.remove("active"); });
    row.classList.add("active");
  }

  function restore() { if (pinned) show(pinned); }

  // Related statements of the pinned statement, fetched on demand from the API (same origin) and
  // kept per statement; written only through textContent. Pointing at a statement fetches nothing.
  var relatedCache = {};
  var relatedWanted = "";
  function relatedItem(h) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.setAttribute("href", "/statements/" + encodeURIComponent(h.id));
    a.textContent = "\u201c" + (h.quote || "").slice(0, 140) + ((h.quote || "").length > 140 ? "\u2026" : "") + "\u201d";
    var who = document.createElement("span");
    who.className = "related-who";
    var parts = [h.speaker && h.speaker.name, h.article && h.article.outlet, h.sort_date].filter(Boolean);
    who.textContent = " \u2014 " + parts.join(", ");
    li.appendChild(a);
    li.appendChild(who);
    return li;
  }
  function fillRelated(data) {
    var groups = [["same", data.same_speaker || []], ["others", data.other_speakers || []]];
    groups.forEach(function (g) {
      var list = field("related-" + g[0]);
      while (list.firstChild) list.removeChild(list.firstChild);
      g[1].forEach(function (h) { list.appendChild(relatedItem(h)); });
      field("related-" + g[0] + "-h").hidden = g[1].length === 0;
    });
    var none = groups[0][1].length + groups[1][1].length === 0;
    setText("related-status", none ? "Nothing related in the record yet." : "");
  }
  function showRelated(href) {
    var box = field("related");
    if (!box) return;
    // the server builds these as "/statements/<escaped id>"; anything else is not fetched
    if (href.indexOf("/statements/") !== 0) { box.hidden = true; relatedWanted = ""; return; }
    box.hidden = false;
    if (relatedWanted === href) return;
    relatedWanted = href;
    if (relatedCache[href]) { fillRelated(relatedCache[href]); return; }
    fillRelated({});
    setText("related-status", "Looking for related statements\u2026");
    fetch("/api" + href + "/related?limit=5", { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (data) {
        relatedCache[href] = data;
        if (relatedWanted === href) fillRelated(data);
      })
      .catch(function () { if (relatedWanted === href) setText("related-status", "Related statements are unavailable."); });
  }

  field("close").addEventListener("click", function () {
    pinned = null;
    showRelated("");
    detail.classList.remove("has-statement");
    marks.forEach(function (m) { m.classList.remove("active"); });
  });

  marks.forEach(function (m) {
    m.addEventListener("mouseenter", function () { show(m.dataset.statement); });
    m.addEventListener("mouseleave", restore);
    m.addEventListener("focus", function () { show(m.dataset.statement); });
    m.addEventListener("click", function () { pinned = m.dataset.statement; show(pinned); });
    m.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pinned = m.dataset.statement; show(pinned); }
      if (e.key === "Escape") { pinned = null; m.blur(); }
    });
  });

  // Speaker filter: pressing a name dims everyone else's statements; pressing it again undoes it.
  var buttons = Array.prototype.slice.call(document.querySelectorAll(".speaker-btn"));
  var showAll = document.getElementById("show-all");
  function filter(speakerId) {
    buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.speakerId === speakerId)); });
    marks.forEach(function (m) { m.classList.toggle("dim", speakerId !== null && m.dataset.speakerId !== speakerId); });
    if (showAll) showAll.hidden = speakerId === null;
    if (speakerId !== null) {
      var first = marks.filter(function (m) { return m.dataset.speakerId === speakerId; })[0];
      if (first) { first.scrollIntoView({ block: "center", behavior: "smooth" }); show(first.dataset.statement); }
    }
  }
  buttons.forEach(function (b) {
    b.addEventListener("click", function () {
      filter(b.getAttribute("aria-pressed") === "true" ? null : b.dataset.speakerId);
    });
  });
  if (showAll) showAll.addEventListener("click", function () { filter(null); });

  // #s5 (a statement) or #p12 (a paragraph): mark its paragraph, bring it to the middle, show it.
  function goToHash() {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    if (!id) return;
    var target = document.getElementById(id);
    if (!target) return;
    document.querySelectorAll(".body p.here").forEach(function (p) { p.classList.remove("here"); });
    var para = target.closest("p[data-paragraph]");
    if (para) para.classList.add("here");
    var mark = target.matches("mark.st") ? target : (target.nextElementSibling && target.nextElementSibling.matches("mark.st") ? target.nextElementSibling : null);
    if (/^s\d+$/.test(id)) { pinned = id; show(id); }
    (mark || target).scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", goToHash);
  goToHash();
})();
