// 版を比べる: open the static page of the chosen pair of editions. Each pair is also a plain
// link under the form, so the page works without JavaScript.
document.querySelectorAll("form.gl-picker").forEach((form) => {
  const order = JSON.parse(form.dataset.order);
  const status = form.querySelector(".gl-picker__status");
  form.hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    let newer = form.elements.new.value;
    let older = form.elements.old.value;
    if (newer === older) {
      status.textContent = "違う版を二つ選んでください。";
      return;
    }
    if (order.indexOf(newer) < order.indexOf(older)) {
      [newer, older] = [older, newer];
    }
    status.textContent = "";
    // This edition holds its comparisons with every earlier one; other pairs live in the
    // newer edition's folder beside this one.
    const here = newer === form.dataset.current;
    window.location.href = (here ? "" : "../../" + encodeURIComponent(newer) + "/compare/")
      + encodeURIComponent(older) + "/";
  });
});
