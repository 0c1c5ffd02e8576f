// Filters on a timeline page: by kind, status, site and actor, in the
// browser, from the rows' data- attributes (see the event_row macro).
// Optional: without JavaScript every row is shown. No network, no
// framework; works from file://.
(function () {
  "use strict";

  var FIELDS = [
    { key: "kind", label: "Kind", many: false, any: "Any kind" },
    { key: "status", label: "Status", many: false, any: "Any status" },
    { key: "sites", label: "Site", many: true, any: "Any site" },
    { key: "actors", label: "Actor", many: true, any: "Any actor" },
  ];

  function values(row, field) {
    var text = row.getAttribute("data-" + field.key) || "";
    if (!field.many) return text ? [text] : [];
    return text.split(" ").filter(Boolean);
  }

  // The names shown for ids: the text of the rows' own links.
  function names(rows, field) {
    var found = {};
    rows.forEach(function (row) {
      values(row, field).forEach(function (value) {
        if (found[value] !== undefined) return;
        var name = value;
        if (field.key === "sites" || field.key === "actors") {
          var link = row.querySelector((field.key === "sites" ? ".where" : ".who") + ' a[href*="/' + value + '/index.html"]');
          if (link) name = link.textContent;
        } else if (field.key === "kind") {
          name = value.replace(/[-_]/g, " ");
        }
        found[value] = name;
      });
    });
    return Object.keys(found)
      .map(function (value) { return { value: value, name: found[value] }; })
      .sort(function (a, b) { return a.name.localeCompare(b.name); });
  }

  function start() {
    var list = document.querySelector(".timeline-filtered");
    if (!list) return;
    var rows = Array.prototype.slice.call(list.querySelectorAll(".event-row"));
    if (rows.length === 0) return;

    var form = document.createElement("form");
    form.className = "timeline-filter";
    form.setAttribute("role", "search");
    // The page writes its words in its language as data- attributes; English when it does not.
    var words = function (name, english) { return list.getAttribute("data-" + name) || english; };
    form.setAttribute("aria-label", words("text-filter", "Filter events"));
    var selects = {};
    FIELDS.forEach(function (field) {
      var options = names(rows, field);
      if (options.length < 2) return;
      var id = "filter-" + field.key;
      var label = document.createElement("label");
      label.setAttribute("for", id);
      label.textContent = words("label-" + field.key, field.label);
      var select = document.createElement("select");
      select.id = id;
      select.name = field.key;
      var any = document.createElement("option");
      any.value = "";
      any.textContent = words("any-" + field.key, field.any);
      select.appendChild(any);
      options.forEach(function (o) {
        var option = document.createElement("option");
        option.value = o.value;
        option.textContent = o.name;
        select.appendChild(option);
      });
      select.addEventListener("change", apply);
      selects[field.key] = select;
      var wrap = document.createElement("span");
      wrap.className = "filter-field";
      wrap.appendChild(label);
      wrap.appendChild(select);
      form.appendChild(wrap);
    });
    var count = document.createElement("p");
    count.className = "filter-count";
    count.setAttribute("role", "status");
    count.setAttribute("aria-live", "polite");
    form.appendChild(count);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    list.parentNode.insertBefore(form, list);

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var match = FIELDS.every(function (field) {
          var select = selects[field.key];
          return !select || !select.value || values(row, field).indexOf(select.value) !== -1;
        });
        row.hidden = !match;
        if (match) shown += 1;
      });
      // A month left with no rows shown is hidden with them.
      Array.prototype.forEach.call(list.querySelectorAll("section"), function (section) {
        section.hidden = section.querySelector(".event-row:not([hidden])") === null;
      });
      count.textContent = words("text-shown", "{shown} of {total} events shown")
        .replace("{shown}", shown)
        .replace("{total}", rows.length);
    }
    apply();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
