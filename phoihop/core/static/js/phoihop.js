// Small behaviours that need no framework. No inline scripts: the CSP forbids them.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("select[data-autosubmit]")) el.form.requestSubmit();
});

// htmx does not swap 4xx answers; parts marked data-swap-errors show their refusal (e.g. 409 on a stale
// version) in place instead of doing nothing.
document.addEventListener("htmx:beforeSwap", (event) => {
  const status = event.detail.xhr.status;
  if ((status === 400 || status === 409) && event.detail.elt.closest("[data-swap-errors]")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// Concern intake: a "Gợi ý" chip chooses its topic; a denunciation hides and disables the complainant's
// contact block (a denouncer's identity is never recorded) and shows why.
document.addEventListener("click", (event) => {
  const chip = event.target.closest("button[data-topic]");
  if (!chip) return;
  const select = chip.form && chip.form.querySelector("select[name=topic]");
  if (!select) return;
  select.value = chip.dataset.topic;
  select.dispatchEvent(new Event("change", { bubbles: true }));
});

const channelBlocks = (form) => {
  const channel = form.querySelector("select[name=channel]");
  if (!channel) return;
  form.querySelectorAll("[data-channel-hide]").forEach((el) => {
    const off = el.dataset.channelHide === channel.value;
    el.hidden = off;
    el.querySelectorAll("fieldset").forEach((f) => { f.disabled = off; });
  });
  form.querySelectorAll("[data-channel-show]").forEach((el) => {
    el.hidden = el.dataset.channelShow !== channel.value;
  });
};
document.addEventListener("change", (event) => {
  if (event.target.matches("select[name=channel]") && event.target.form) channelBlocks(event.target.form);
});
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form.concern-form").forEach(channelBlocks);
});

// main navigation: one group open at a time; a click elsewhere or Escape closes it
document.addEventListener("toggle", (event) => {
  const opened = event.target;
  if (!(opened instanceof HTMLDetailsElement) || !opened.classList.contains("navgroup") || !opened.open) return;
  document.querySelectorAll("details.navgroup[open]").forEach((d) => { if (d !== opened) d.open = false; });
}, true);
document.addEventListener("click", (event) => {
  if (event.target.closest("details.navgroup")) return;
  document.querySelectorAll("details.navgroup[open]").forEach((d) => { d.open = false; });
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  document.querySelectorAll("details.navgroup[open]").forEach((d) => { d.open = false; d.querySelector("summary").focus(); });
});
