// The booking page's only script, an improvement on a page that works without it: (1) every time is
// also shown on the visitor's own clock when their zone is not the business's, both zones named;
// (2) choosing a service, a month, a day or a time loads the next step in place, without a full reload.
(function () {
  "use strict";
  var main = document.querySelector("main[data-zone]");
  if (!main || !window.fetch || !window.DOMParser || !window.Intl) return;
  var businessZone = main.getAttribute("data-zone");
  var visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  function dayKey(date, zone) {
    return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
  }

  function showVisitorTimes(root) {
    if (!visitorZone || visitorZone === businessZone) return;
    var clock = new Intl.DateTimeFormat("en-GB", { timeZone: visitorZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    var weekday = new Intl.DateTimeFormat("en-GB", { timeZone: visitorZone, weekday: "short", day: "numeric", month: "short" });
    root.querySelectorAll("time[data-local]").forEach(function (el) {
      if (el.querySelector(".yours")) return;
      var at = new Date(el.getAttribute("datetime"));
      if (isNaN(at.getTime())) return;
      var otherDay = dayKey(at, visitorZone) !== dayKey(at, businessZone);
      var span = document.createElement("span");
      span.className = "yours";
      span.textContent = " (" + (otherDay ? weekday.format(at) + ", " : "") + clock.format(at) + " your time)";
      el.appendChild(span);
    });
    root.querySelectorAll(".zone-note").forEach(function (el) {
      if (el.getAttribute("data-done")) return;
      el.setAttribute("data-done", "1");
      el.textContent = el.textContent.replace(/\.$/, "") + "; in brackets, your time (" + visitorZone + ").";
    });
  }

  function focusStep(steps) {
    var heading = steps.querySelector("#details h2, #times h2, #calendar h2");
    if (!heading) return;
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }

  function load(href, push) {
    return fetch(href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.text();
      })
      .then(function (text) {
        var next = new DOMParser().parseFromString(text, "text/html");
        var fresh = next.getElementById("steps");
        var services = next.querySelector(".services");
        var current = document.getElementById("steps");
        if (!fresh || !current) throw new Error("no steps");
        current.replaceWith(document.importNode(fresh, true));
        var list = document.querySelector(".services");
        if (services && list) list.replaceWith(document.importNode(services, true));
        if (push) history.pushState({ booking: true }, "", href);
        showVisitorTimes(document);
        focusStep(document.getElementById("steps"));
      });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-nav]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    load(link.href, true).catch(function () {
      window.location.href = link.href;
    });
  });

  window.addEventListener("popstate", function () {
    load(window.location.href, false).catch(function () {
      window.location.reload();
    });
  });

  showVisitorTimes(document);
})();
