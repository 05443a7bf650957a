/* The response clock of a simulated chat: counts up from the seconds the server says have passed since the
 * customer's message was served, against the scenario's target. The server's timing is what counts; this
 * only shows it. Served by Hearth (no CDN); re-armed after every htmx swap of the chat. */
(function () {
  "use strict";
  var timer = null;

  function arm() {
    var clock = document.querySelector("[data-clock]");
    if (timer) { clearInterval(timer); timer = null; }
    if (!clock) return;
    var text = clock.querySelector("[data-clock-text]");
    var elapsed = parseFloat(clock.getAttribute("data-elapsed")) || 0;
    var target = parseFloat(clock.getAttribute("data-target")) || 0;
    var began = Date.now();
    function tick() {
      var seconds = Math.floor(elapsed + (Date.now() - began) / 1000);
      var m = Math.floor(seconds / 60), s = seconds % 60;
      text.textContent = m + ":" + (s < 10 ? "0" : "") + s;
      clock.classList.toggle("near", target > 0 && seconds >= target * 0.75 && seconds < target);
      clock.classList.toggle("over", target > 0 && seconds >= target);
    }
    tick();
    timer = setInterval(tick, 1000);
  }

  document.addEventListener("DOMContentLoaded", arm);
  document.addEventListener("htmx:afterSwap", arm);
})();
