// Send the CSRF token with every htmx request (Flask-WTF reads X-CSRFToken).
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) { event.detail.headers["X-CSRFToken"] = meta.content; }
});
// Ask before a destructive action: <form data-confirm="...">.
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) { event.preventDefault(); }
});
// An in-page (htmx) request the server refused (sign-in expired, no permission, a stale
// form) or that never arrived: htmx leaves the form as typed; say why above it.
function showRefusal(event, text) {
  var elt = event.detail.elt;
  var form = (elt.closest && elt.closest("form")) || elt;
  var box = form.querySelector(".htmx-refused");
  if (!box) {
    box = document.createElement("div");
    box.className = "alert alert-danger htmx-refused";
    box.setAttribute("role", "alert");
    form.insertBefore(box, form.firstChild);
  }
  box.textContent = text;
}
document.addEventListener("htmx:responseError", function (event) {
  var xhr = event.detail.xhr;
  var plain = (xhr.getResponseHeader("Content-Type") || "").indexOf("text/plain") === 0;
  showRefusal(event, plain && xhr.responseText ? xhr.responseText
    : "操作未完成（" + xhr.status + "），您填写的内容仍在本页，请稍后重试。");
});
document.addEventListener("htmx:sendError", function (event) {
  showRefusal(event, "网络连接失败，内容未保存，但仍在本页：请检查网络后重新提交。");
});
document.addEventListener("htmx:beforeRequest", function (event) {
  var elt = event.detail.elt;
  var form = (elt.closest && elt.closest("form")) || elt;
  var box = form.querySelector && form.querySelector(".htmx-refused");
  if (box) { box.remove(); }
});
