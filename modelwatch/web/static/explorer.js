// The static explorer: filters, search, sort and pages over the releases held (escaped) in a data
// attribute. The state lives in the URL fragment, so a view can be shared; rows are built with
// textContent, so a name from the data is only ever text.
(function () {
  "use strict";
  var COLS = ["date", "name", "org", "country", "tier", "license", "modality", "artifacts"];
  var holder = document.getElementById("explorer-data");
  if (!holder) return;
  var data = JSON.parse(holder.getAttribute("data-releases"));
  var rows = data.rows.map(function (r) {
    return { date: r[0], name: r[1], org: r[2], country: r[3], tier: r[4], license: r[5], modality: r[6],
             artifacts: r[7], id: r[8], openness: r[9], earliest: r[10], latest: r[11] };
  });
  var form = document.getElementById("explorer");
  var root = document.documentElement.getAttribute("data-root") || "./";

  function state() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ""));
    return {
      q: p.get("q") || "", year: p.getAll("year"), org: p.getAll("org"), group: p.getAll("group"),
      country: p.getAll("country"), tier: p.getAll("tier"), openness: p.get("openness") || "",
      modality: p.getAll("modality"), from: p.get("from") || "", to: p.get("to") || "", sort: COLS.indexOf(p.get("sort")) >= 0 ? p.get("sort") : "date",
      order: p.get("order") === "asc" ? "asc" : "desc", page: Math.max(1, parseInt(p.get("page") || "1", 10) || 1),
      per_page: [25, 50, 100, 200].indexOf(parseInt(p.get("per_page"), 10)) >= 0 ? parseInt(p.get("per_page"), 10) : 50
    };
  }

  function labs(org) {
    // a group (or an organization heading several labs) stands for its labs, as in the CLI
    var members = Object.keys(data.groups).filter(function (id) { return data.groups[id] === org; });
    return data.kinds[org] === "group" || members.length > 1 ? members : [org];
  }

  function matches(s, r) {
    // a year holds a release whose whole date lies in it; from/to read a period by its earliest day, as the
    // server does (ISO days compare as text)
    if (s.year.length && (s.year.indexOf(r.earliest.slice(0, 4)) < 0 || r.latest.slice(0, 4) !== r.earliest.slice(0, 4))) return false;
    if ((s.from && r.earliest < s.from) || (s.to && r.earliest > s.to)) return false;
    if (s.org.length) {
      var ids = [].concat.apply([], s.org.map(labs));
      if (ids.indexOf(r.org) < 0) return false;
    }
    if (s.group.length && s.group.map(function (g) { return data.groups[g]; }).indexOf(data.groups[r.org]) < 0) return false;
    if (s.country.length && s.country.map(function (c) { return c.toUpperCase(); }).indexOf(r.country) < 0) return false;
    if (s.tier.length && s.tier.indexOf(r.tier) < 0) return false;
    if (s.modality.length && s.modality.indexOf(r.modality) < 0) return false;
    if (s.openness) { if (r.openness !== s.openness) return false; }
    else if (!s.tier.length && r.tier === "unreleased") return false;  // announced but not available: not counted
    if (s.q) {
      var needle = s.q.trim().toLowerCase();
      var hay = [r.name, r.id].concat(data.members[r.id] || []);
      if (!hay.some(function (h) { return h.toLowerCase().indexOf(needle) >= 0; })) return false;
    }
    return true;
  }

  function cell(tr, label, text, href, cls) {
    var td = document.createElement("td");
    td.setAttribute("data-label", label);
    if (cls) td.className = cls;
    if (href) { var a = document.createElement("a"); a.href = href; a.textContent = text; td.appendChild(a); }
    else td.textContent = text;
    tr.appendChild(td);
  }

  function draw() {
    var s = state();
    var found = rows.filter(function (r) { return matches(s, r); });
    var present = found.filter(function (r) { return r[s.sort] !== "" && r[s.sort] !== null; });
    var missing = found.filter(function (r) { return r[s.sort] === "" || r[s.sort] === null; });
    present.sort(function (a, b) {
      // a date sorts by its earliest day, then its latest: 2026-08 before 2026-08-14, 2026-Q3 with July
      var x = s.sort === "date" ? a.earliest + a.latest : a[s.sort], y = s.sort === "date" ? b.earliest + b.latest : b[s.sort];
      if (typeof x === "string") { x = x.toLowerCase(); y = y.toLowerCase(); }
      var c = x < y ? -1 : x > y ? 1 : 0;
      return s.order === "desc" ? -c : c;
    });
    found = present.concat(missing);
    var pages = Math.max(1, Math.ceil(found.length / s.per_page));
    var page = Math.min(s.page, pages);
    var body = document.getElementById("rows");
    body.textContent = "";
    found.slice((page - 1) * s.per_page, page * s.per_page).forEach(function (r) {
      var tr = document.createElement("tr");
      cell(tr, "date", r.date, null, "date");
      cell(tr, "name", r.name, root + "releases/" + encodeURIComponent(r.id) + ".html");
      cell(tr, "org", r.org, root + "organizations/" + encodeURIComponent(r.org) + ".html");
      cell(tr, "country", r.country);
      cell(tr, "tier", r.tier);
      cell(tr, "license", r.license);
      cell(tr, "modality", r.modality);
      cell(tr, "artifacts", String(r.artifacts), null, "num");
      body.appendChild(tr);
    });
    if (!found.length) {
      var tr = document.createElement("tr");
      cell(tr, "", "No release matches.");
      body.appendChild(tr);
    }
    document.getElementById("count").textContent = found.length + (found.length === 1 ? " release" : " releases") +
      (s.q ? " matching \u201c" + s.q + "\u201d" : "") + (s.from ? " from " + s.from : "") + (s.to ? " to " + s.to : "") +
      " \u00b7 unit: release events";
    document.getElementById("page").textContent = "page " + page + " of " + pages;
    document.getElementById("prev").hidden = page <= 1;
    document.getElementById("next").hidden = page >= pages;
    ["q", "year", "org", "group", "country", "tier", "openness", "modality", "from", "to", "sort", "order", "per_page"].forEach(function (k) {
      var el = form.elements[k];
      var v = Array.isArray(s[k]) ? (s[k][0] || "") : String(s[k]);
      if (el && el.value !== v) el.value = v;
    });
  }

  function go(change) {
    var p = new URLSearchParams(location.hash.replace(/^#/, ""));
    Object.keys(change).forEach(function (k) { if (change[k] === "" || change[k] === null) p.delete(k); else p.set(k, change[k]); });
    location.hash = p.toString();
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("change", function (e) {
    var change = { page: null }; change[e.target.name] = e.target.value; go(change);
  });
  form.elements.q.addEventListener("input", function (e) { go({ q: e.target.value, page: null }); });
  document.querySelectorAll("th a[data-sort]").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      var s = state(), c = a.getAttribute("data-sort");
      go({ sort: c, order: s.sort !== c || s.order === "desc" ? "asc" : "desc", page: null });
    });
  });
  document.getElementById("prev").addEventListener("click", function (e) { e.preventDefault(); go({ page: state().page - 1 }); });
  document.getElementById("next").addEventListener("click", function (e) { e.preventDefault(); go({ page: state().page + 1 }); });
  window.addEventListener("hashchange", draw);
  draw();
})();
