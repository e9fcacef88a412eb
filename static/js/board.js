// The pipeline board: drag a card to another stage's column. The move is posted to the
// project's stage route (the same rules as the project page); if the server refuses, the card
// goes back where it was and the reason is shown in the alert region above the board.
(function () {
  "use strict";
  var board = document.getElementById("board");
  var region = document.getElementById("board-alert");
  if (!board || !region || typeof Sortable === "undefined") { return; }
  var BACKWARD = "退回需要填写原因，请在项目页面操作";
  var FAILED = "移动未完成，请刷新页面后重试";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function announce(message, kind) {
    var box = document.createElement("div");
    box.className = "alert alert-" + kind + " alert-dismissible py-2";
    box.textContent = message;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "alert");
    close.setAttribute("aria-label", "关闭");
    box.appendChild(close);
    region.replaceChildren(box);
  }

  // 亿元 with 2 decimals, rounded half-up from integer 元 (as the yi filter does).
  function yi(yuan) {
    var cents = Math.floor(yuan / 1e6);
    if ((yuan - cents * 1e6) * 2 >= 1e6) { cents += 1; }
    var rest = cents % 100;
    return Math.floor(cents / 100) + "." + (rest < 10 ? "0" : "") + rest + "亿元";
  }

  function adjust(column, card, sign) {
    var count = column.querySelector(".board-count");
    var total = column.querySelector(".board-total");
    var n = Number(count.dataset.count) + sign;
    var sum = Number(total.dataset.total) + sign * Number(card.dataset.amount || 0);
    count.dataset.count = n;
    count.textContent = n;
    total.dataset.total = sum;
    total.textContent = yi(sum);
  }

  function putBack(evt) {
    var list = evt.from;
    list.insertBefore(evt.item, list.children[evt.oldIndex] || null);
  }

  // The server's today (Asia/Shanghai), rendered into every card's move form.
  function today() {
    return board.dataset.today;
  }

  function errorsOf(response) {
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("application/json") === -1) {
      return Promise.resolve([response.status === 403 ? "您无权调整该项目的阶段" : FAILED]);
    }
    return response.json().then(function (body) { return body.errors || [FAILED]; });
  }

  function move(evt) {
    var card = evt.item;
    var from = evt.from.closest(".board-column");
    var to = evt.to.closest(".board-column");
    if (Number(to.dataset.rank) < Number(from.dataset.rank)) {
      putBack(evt);
      announce(BACKWARD, "warning");
      return;
    }
    var data = new FormData();
    data.append("csrf_token", csrfToken());
    data.append("to_stage", to.dataset.stage);
    data.append("effective_date", today());
    data.append("note", "");
    card.classList.add("board-pending");
    fetch(card.dataset.moveUrl, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" },
    }).then(function (response) {
      if (response.ok) {
        adjust(from, card, -1);
        adjust(to, card, +1);
        var select = card.querySelector('select[name="to_stage"]');
        if (select) { select.value = to.dataset.stage; }
        announce("已将「" + card.dataset.name + "」移至「" +
                 to.querySelector("h2").textContent + "」阶段", "success");
        return;
      }
      return errorsOf(response).then(function (errors) {
        putBack(evt);
        announce(errors.join("；"), "danger");
      });
    }).catch(function () {
      putBack(evt);
      announce(FAILED, "danger");
    }).finally(function () {
      card.classList.remove("board-pending");
    });
  }

  board.querySelectorAll(".board-cards").forEach(function (list) {
    Sortable.create(list, {
      group: "board",
      sort: false,
      draggable: ".board-card",
      filter: ".locked, select, button, input",
      preventOnFilter: false,
      delay: 150,
      delayOnTouchOnly: true,
      onEnd: function (evt) {
        if (evt.from !== evt.to) { move(evt); }
      },
    });
  });
})();
