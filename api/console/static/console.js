// Front Desk console: the few behaviours htmx does not give (no inline scripts: the CSP forbids them).
"use strict";

(function () {
  const ALERTS_KEY = "frontdesk.alerts";
  let lastStamp = null;
  let lastUrgent = null;

  function announce(text) {
    const region = document.getElementById("announcer");
    if (region) { region.textContent = ""; window.setTimeout(() => { region.textContent = text; }, 50); }
  }

  function beep() {
    // A short tone made here, so no audio file needs serving; browsers allow it after the user enabled alerts.
    try {
      const context = new (window.AudioContext || window.webkitAudioContext)();
      const tone = context.createOscillator();
      const gain = context.createGain();
      tone.frequency.value = 880;
      gain.gain.value = 0.15;
      tone.connect(gain).connect(context.destination);
      tone.start();
      tone.stop(context.currentTime + 0.4);
    } catch (error) { /* no audio: the banner and the title still tell */ }
  }

  function readPulse() {
    const pulse = document.getElementById("pulse");
    if (!pulse) { return; }
    const stamp = pulse.dataset.stamp;
    const urgent = Number(pulse.dataset.urgent || "0");
    const base = document.body.dataset.title || document.title;
    document.title = urgent > 0 ? "(" + urgent + ") " + base : base;
    if (lastStamp !== null && stamp !== lastStamp) {
      document.body.dispatchEvent(new CustomEvent("queue-changed"));
    }
    if (lastUrgent !== null && urgent > lastUrgent) {
      const text = pulse.dataset.urgentText || "";
      announce(text);
      if (window.localStorage.getItem(ALERTS_KEY) === "on") {
        beep();
        if ("Notification" in window && Notification.permission === "granted") {
          new Notification("Front Desk", { body: text, tag: "frontdesk-urgent" });
        }
      }
    }
    lastStamp = stamp;
    lastUrgent = urgent;
  }

  function enableAlerts(button) {
    window.localStorage.setItem(ALERTS_KEY, "on");
    button.setAttribute("aria-pressed", "true");
    if ("Notification" in window && Notification.permission === "default") {
      Notification.requestPermission();
    }
    beep();
  }

  document.addEventListener("DOMContentLoaded", () => {
    readPulse();
    const button = document.getElementById("enable-alerts");
    if (button) {
      button.setAttribute("aria-pressed", window.localStorage.getItem(ALERTS_KEY) === "on" ? "true" : "false");
      button.addEventListener("click", () => enableAlerts(button));
    }
    // A canned reply fills the reply box (and the SMS count follows).
    document.querySelectorAll("select[data-fills]").forEach((select) => {
      select.addEventListener("change", () => {
        const target = document.getElementById(select.dataset.fills);
        if (target && select.value) {
          target.value = select.value;
          target.dispatchEvent(new Event("canned-filled"));
          target.focus();
        }
      });
    });
    document.querySelectorAll("[data-print]").forEach((button) => {
      button.addEventListener("click", () => window.print());
    });
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target && event.detail.target.id === "pulse") { readPulse(); }
  });
  document.addEventListener("htmx:afterSettle", () => { readPulse(); });
})();
