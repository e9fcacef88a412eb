// Batch lead form: "再加5行" adds blank rows in place. It is a submit button: clicked before
// this script has run (or without it), the server answers with the rows as typed plus five
// blank ones, so nothing typed is lost either way; the script only saves the round trip.
(function () {
  "use strict";
  var link = document.getElementById("add-rows");
  var holder = document.getElementById("lead-rows");
  var form = document.getElementById("leads-form");
  if (!link || !holder || !form) return;
  var max = parseInt(form.getAttribute("data-max-rows"), 10) || 30;

  function blankCopy(template, index) {
    var copy = template.cloneNode(true);
    copy.classList.remove("border-danger");
    copy.querySelectorAll(".invalid-feedback, .form-check").forEach(function (el) { el.remove(); });
    copy.querySelectorAll("[name], [id], label[for]").forEach(function (el) {
      ["name", "id", "for"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) el.setAttribute(attr, value.replace(/^rows-\d+-/, "rows-" + index + "-"));
      });
      if (el.matches("input, textarea")) { el.value = ""; el.classList.remove("is-invalid"); }
    });
    copy.querySelector(".row-number").textContent = String(index + 1);
    return copy;
  }

  link.addEventListener("click", function (event) {
    event.preventDefault();
    var rows = holder.querySelectorAll(".lead-entry");
    var template = rows[rows.length - 1];
    for (var i = 0; i < 5 && rows.length + i < max; i++) {
      holder.appendChild(blankCopy(template, rows.length + i));
    }
    if (holder.querySelectorAll(".lead-entry").length >= max) link.remove();
    holder.querySelectorAll(".lead-entry")[rows.length].querySelector("input").focus();
  });
  form.dataset.ready = "1";  // the button now adds rows in place
})();
