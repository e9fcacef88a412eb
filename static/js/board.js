// The pipeline board: drag a card to another stage's column, confirm the 实际发生日期 in the
// card, and the move is posted to the project's stage route (the same rules as the project
// page); if the server refuses, the card goes back where it was and the reason is shown in the
// alert region above the board. The card's own form posts the same way and stays on the board.
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
    var whole = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return whole + "." + (rest < 10 ? "0" : "") + rest + "亿元";
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
    var strip = document.querySelector('.board-strip-item[data-stage="' + column.dataset.stage + '"]');
    if (strip) {
      strip.querySelector(".strip-count").textContent = n;
      strip.querySelector(".strip-total").textContent = yi(sum);
    }
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

  function columnOf(stage) {
    return board.querySelector('.board-column[data-stage="' + stage + '"]');
  }

  // Post a move; `done(ok)` after the answer. The card's own form keeps its date and stage.
  function post(card, from, to, day, undo) {
    var data = new FormData();
    data.append("csrf_token", csrfToken());
    data.append("to_stage", to.dataset.stage);
    data.append("effective_date", day);
    data.append("note", "");
    card.classList.add("board-pending");
    fetch(card.dataset.moveUrl, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" },
    }).then(function (response) {
      if (response.ok) {
        if (card.closest(".board-column") !== to) {
          to.querySelector(".board-cards").prepend(card);
        }
        adjust(from, card, -1);
        adjust(to, card, +1);
        var select = card.querySelector('select[name="to_stage"]');
        if (select) { select.value = to.dataset.stage; }
        announce("已将「" + card.dataset.name + "」移至「" +
                 to.querySelector("h2").textContent + "」阶段（" + day + "）", "success");
        return;
      }
      return errorsOf(response).then(function (errors) {
        undo();
        announce(errors.join("；"), "danger");
      });
    }).catch(function () {
      undo();
      announce(FAILED, "danger");
    }).finally(function () {
      card.classList.remove("board-pending");
    });
  }

  // After a drop: ask for the 实际发生日期 in the card (default today) before posting.
  function confirmDate(card, onConfirm, onCancel) {
    var box = document.createElement("div");
    box.className = "board-confirm mt-1";
    var label = document.createElement("label");
    label.className = "small d-block";
    label.textContent = "实际发生日期";
    var input = document.createElement("input");
    input.type = "date";
    input.className = "form-control form-control-sm";
    input.value = today();
    input.max = today();
    input.required = true;
    label.appendChild(input);
    var ok = document.createElement("button");
    ok.type = "button";
    ok.className = "btn btn-sm btn-primary mt-1 me-1";
    ok.textContent = "确认移动";
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "btn btn-sm btn-outline-secondary mt-1";
    cancel.textContent = "取消";
    box.append(label, ok, cancel);
    card.querySelector(".card-body").appendChild(box);
    card.classList.add("locked");  // no second drag while the date is asked for
    input.focus();
    function close() { box.remove(); card.classList.remove("locked"); }
    ok.addEventListener("click", function () {
      if (!input.value || input.value > today()) {
        input.classList.add("is-invalid");
        announce("请选择不晚于今天的实际发生日期", "warning");
        return;
      }
      var day = input.value;
      close();
      onConfirm(day);
    });
    cancel.addEventListener("click", function () { close(); onCancel(); });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); onCancel(); }
    });
  }

  function drop(evt) {
    var card = evt.item;
    var from = evt.from.closest(".board-column");
    var to = evt.to.closest(".board-column");
    if (Number(to.dataset.rank) < Number(from.dataset.rank)) {
      putBack(evt);
      announce(BACKWARD, "warning");
      return;
    }
    confirmDate(card, function (day) {
      post(card, from, to, day, function () { putBack(evt); });
    }, function () { putBack(evt); });
  }

  // The card's own form (keyboard, or when dragging is awkward): the same post, on the board.
  board.querySelectorAll("form.board-move").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var card = form.closest(".board-card");
      var from = card.closest(".board-column");
      var to = columnOf(form.elements.to_stage.value);
      var day = form.elements.effective_date.value;
      if (to === from) { announce("项目已处于该阶段", "warning"); return; }
      if (Number(to.dataset.rank) < Number(from.dataset.rank)) {
        announce(BACKWARD, "warning");
        return;
      }
      post(card, from, to, day, function () {
        form.elements.to_stage.value = from.dataset.stage;
      });
    });
  });
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
        if (evt.from !== evt.to) { drop(evt); }
      },
    });
  });
  board.dataset.ready = "1";  // tests wait for this before dragging or submitting
})();
