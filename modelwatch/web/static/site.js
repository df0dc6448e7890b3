// Charts: each div.vl holds its Vega-Lite spec (data included) in an escaped attribute, never in a script.
// A bar carries an href to the explorer filtered to exactly its releases.
(function () {
  "use strict";
  // In the static export (data-root set) the explorer is releases.html with its state in the fragment.
  function local(href) {
    var root = document.documentElement.getAttribute("data-root");
    if (!root) return href;
    var parts = href.split("?");
    return root + "releases.html" + (parts[1] ? "#" + parts[1] : "");
  }
  // Panels of a faceted chart keep their width: as many in a row as the box holds, narrower when one does not fit.
  function fit(spec, width) {
    var panel = spec.spec.width, room = panel + 70;
    spec.columns = Math.max(1, Math.min(spec.columns, Math.floor(width / room)));
    if (spec.columns === 1) spec.spec.width = Math.max(120, Math.min(panel, width - 80));
  }
  function draw() {
    if (!window.vegaEmbed || !window.vegaInterpreter) return;
    document.querySelectorAll("div.vl[data-spec]").forEach(function (el) {
      var spec = JSON.parse(el.getAttribute("data-spec"));
      if (spec.facet && spec.columns) fit(spec, el.clientWidth);
      // ast + expr: Vega interprets its expressions instead of compiling them (no eval, a strict CSP)
      var options = { actions: false, renderer: "svg", defaultStyle: false, ast: true,
                      expr: window.vegaInterpreter.expressionInterpreter };
      window.vegaEmbed(el, spec, options)
        .then(function (result) {
          result.view.addEventListener("click", function (_event, item) {
            if (item && item.datum && typeof item.datum.href === "string" && item.datum.href.charAt(0) === "/") {
              window.location.assign(local(item.datum.href));
            }
          });
        })
        .catch(function (err) { el.textContent = "chart unavailable: " + err.message; });
    });
  }
  // Filters apply as soon as they change; the form still works without this script.
  function autosubmit() {
    var form = document.querySelector("form.filters");
    if (!form) return;
    form.querySelectorAll("select").forEach(function (s) {
      s.addEventListener("change", function () {
        var page = form.querySelector("input[name=page]");
        if (page) page.value = "1";
        form.submit();
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(); autosubmit(); });
  } else { draw(); autosubmit(); }
})();
