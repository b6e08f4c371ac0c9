/* Checklists remember their ticks in this browser; the task table filters by place.
   Without JavaScript both still work as plain content. */
(function () {
  "use strict";
  var PREFIX = "telework-guideline:checklist:";

  function storedTicks(key) {
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }

  function setUpChecklist(list) {
    var key = PREFIX + list.getAttribute("data-checklist");
    var boxes = list.querySelectorAll("input[type=checkbox]");
    var actions = list.querySelector(".gl-checklist__actions");
    var status = list.querySelector(".gl-checklist__status");
    var ticked = storedTicks(key);
    function save() {
      var now = [];
      boxes.forEach(function (box) { if (box.checked) now.push(box.getAttribute("data-item")); });
      try { localStorage.setItem(key, JSON.stringify(now)); } catch (e) { /* private mode */ }
      status.textContent = now.length + " / " + boxes.length + " 項目を確認済み";
    }
    boxes.forEach(function (box) {
      box.checked = ticked.indexOf(box.getAttribute("data-item")) !== -1;
      box.addEventListener("change", save);
    });
    list.querySelector(".gl-checklist__clear").addEventListener("click", function () {
      boxes.forEach(function (box) { box.checked = false; });
      save();
    });
    actions.hidden = false;
    save();
  }

  function setUpTaskTable(tasks) {
    var filter = tasks.querySelector(".gl-tasks__filter");
    var rows = tasks.querySelectorAll("tbody tr");
    var status = tasks.querySelector(".gl-tasks__status");
    filter.addEventListener("change", function (event) {
      var place = event.target.value;
      var name = event.target.closest("label").textContent.trim(); // as the reader chose it
      var shown = 0;
      rows.forEach(function (row) {
        var match = !place || row.getAttribute("data-places").split(" ").indexOf(place) !== -1;
        row.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = place ? name + "でできる業務：" + shown + " 件" : "";
    });
    filter.hidden = false;
  }

  function setUp() {
    document.querySelectorAll(".gl-checklist").forEach(setUpChecklist);
    document.querySelectorAll(".gl-tasks").forEach(setUpTaskTable);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
