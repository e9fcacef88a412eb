// Type-ahead pickers (crm/forms.py `picker`): <select data-picker="/search/options/...">
// carries only its chosen options; Tom Select fetches the others as the user types, in the
// server's order (the search index ranks them). <select data-picker-follows="ID"> (the lead
// investor) offers exactly the companies chosen in picker ID, the only one chosen by default.
(function () {
  "use strict";

  function optionHtml(data, escape) {
    var hint = data.hint ? '<span class="picker-hint">' + escape(data.hint) + "</span>" : "";
    return "<div>" + escape(data.text) + hint + "</div>";
  }

  function follow(lead, source) {
    // Keep the blank choice (value 0) and the source's chosen options, in the source's order.
    var current = lead.value;
    var blank = lead.querySelector('option[value="0"]');
    lead.replaceChildren();
    if (blank) { lead.appendChild(blank); }
    Array.prototype.forEach.call(source.selectedOptions, function (chosen) {
      lead.appendChild(new Option(chosen.text, chosen.value));
    });
    lead.value = lead.querySelector('option[value="' + CSS.escape(current) + '"]') ? current : "0";
    // One investor is the 主投资方 unless another is named (crm/projects/forms.py sole_investor).
    if (lead.value === "0" && source.selectedOptions.length === 1) {
      lead.value = source.selectedOptions[0].value;
    }
  }

  function setUp(select) {
    if (select.tomselect || typeof TomSelect === "undefined") { return; }
    var url = select.getAttribute("data-picker");
    var label = document.querySelector('label[for="' + CSS.escape(select.id) + '"]');
    var picker = new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: ["text", "hint"],
      score: function () { return function () { return 1; }; },  // the server has matched
      allowEmptyOption: true,
      maxOptions: 20,
      loadThrottle: 250,
      plugins: select.multiple ? ["remove_button"] : [],
      placeholder: select.multiple ? "输入名称、拼音首字母查找" : "",
      shouldLoad: function (query) { return query.trim().length > 0; },
      // A company chosen from a multiple picker clears the typed words, ready for the next
      // one (the dropdown would otherwise say 没有找到 about the one just taken).
      onItemAdd: select.multiple ? function () {
        this.setTextboxValue("");
        this.close();
      } : undefined,
      load: function (query, callback) {
        var sep = url.indexOf("?") === -1 ? "?" : "&";
        fetch(url + sep + "q=" + encodeURIComponent(query),
              { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
          .then(function (rows) { picker.clearOptions(); callback(rows); })
          .catch(function () { callback(); });
      },
      render: {
        option: optionHtml,
        item: function (data, escape) { return "<div>" + escape(data.text) + "</div>"; },
        no_results: function () {
          return '<div class="no-results">没有找到，请换个关键词（可输入拼音首字母' +
                 (url.indexOf("companies") !== -1 ? "或信用代码" : "") + "）</div>";
        },
        loading: function () { return '<div class="py-1 px-2 small text-muted">正在查找…</div>'; },
      },
    });
    // The label now points at the picker's text input; the original select (kept for the form
    // post, visually hidden) keeps its name for assistive technology.
    if (label) { select.setAttribute("aria-label", label.textContent.trim()); }
    if (label && picker.control_input) { label.setAttribute("for", picker.control_input.id); }
    select.setAttribute("data-picker-ready", "");
  }

  function setUpAll(root) {
    (root || document).querySelectorAll("select[data-picker]").forEach(setUp);
    (root || document).querySelectorAll("select[data-picker-follows]").forEach(function (lead) {
      var source = document.getElementById(lead.getAttribute("data-picker-follows"));
      if (!source || lead.hasAttribute("data-following")) { return; }
      lead.setAttribute("data-following", "");
      follow(lead, source);
      source.addEventListener("change", function () { follow(lead, source); });
    });
  }

  if (window.htmx) { window.htmx.onLoad(setUpAll); } else { setUpAll(document); }
})();
