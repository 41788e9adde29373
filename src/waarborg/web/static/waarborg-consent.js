/* Waarborg cookie banner. No dependencies, no build step.
 *
 *   <script src="https://privacy.example.nl/static/waarborg-consent.js" data-lang="nl" defer></script>
 *   <script type="text/plain" data-waarborg-category="analytics" data-src="https://stats.example/a.js"></script>
 *
 * Scripts marked type="text/plain" with a category run only after the visitor accepts that category.
 * Accept and reject are equally prominent; nothing is accepted by scrolling, browsing on or closing.
 * The choice is stored by Waarborg under a random id kept in this browser (localStorage, strictly
 * necessary to remember the choice); the banner asks again when the choice lapses or the banner changes.
 * window.waarborgConsent.open() shows the banner again to change the choice.
 */
(function () {
  "use strict";
  var tag = document.currentScript;
  var base = new URL(tag.src).origin;
  var lang = (tag.getAttribute("data-lang") || document.documentElement.lang || "nl").slice(0, 2) === "en" ? "en" : "nl";
  var KEY = "waarborg.visitor";

  function visitor() {
    var id = window.localStorage.getItem(KEY);
    if (!id) {
      var bytes = new Uint8Array(16);
      window.crypto.getRandomValues(bytes);
      id = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
      window.localStorage.setItem(KEY, id);
    }
    return id;
  }

  function activate(choices) {
    var waiting = document.querySelectorAll('script[type="text/plain"][data-waarborg-category]');
    Array.prototype.forEach.call(waiting, function (old) {
      if (!choices[old.getAttribute("data-waarborg-category")]) return;
      var script = document.createElement("script");
      if (old.getAttribute("data-src")) script.src = old.getAttribute("data-src");
      else script.text = old.text;
      old.parentNode.replaceChild(script, old);
    });
    window.waarborgConsent.choices = choices;
    document.dispatchEvent(new CustomEvent("waarborg:consent", { detail: choices }));
  }

  function button(text, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.style.cssText = "font:inherit;padding:.6em 1.2em;margin:.3em .6em .3em 0;border:2px solid #1a4d8f;" +
      "background:#fff;color:#1a4d8f;cursor:pointer;min-width:10em";
    b.addEventListener("click", onClick);
    return b;
  }

  function show(banner) {
    var old = document.getElementById("waarborg-banner");
    if (old) old.remove();
    var box = document.createElement("div");
    box.id = "waarborg-banner";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-labelledby", "waarborg-banner-title");
    box.setAttribute("lang", banner.lang);
    box.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;background:#fff;color:#111;" +
      "border-top:3px solid #1a4d8f;padding:1em 1.2em;font:16px/1.5 system-ui,sans-serif;box-shadow:0 -2px 8px #0003";
    var title = document.createElement("h2");
    title.id = "waarborg-banner-title";
    title.textContent = banner.texts.title;
    title.style.cssText = "margin:0 0 .3em;font-size:1.2em";
    var body = document.createElement("p");
    body.textContent = banner.texts.body;
    body.style.margin = "0 0 .6em";
    var choices = document.createElement("fieldset");
    choices.hidden = true;
    choices.style.cssText = "border:1px solid #999;margin:0 0 .6em;padding:.4em .8em";
    var boxes = {};
    banner.categories.forEach(function (category) {
      var label = document.createElement("label");
      label.style.cssText = "display:block;margin:.2em 0";
      var check = document.createElement("input");
      check.type = "checkbox";
      check.checked = category.required;  // never pre-ticked, except what needs no consent
      check.disabled = category.required;
      boxes[category.key] = check;
      label.appendChild(check);
      label.appendChild(document.createTextNode(" " + category.label + (category.required ? " (" + banner.texts.always + ")" : "")));
      choices.appendChild(label);
    });
    function send(accepted) {
      var picked = {};
      banner.categories.forEach(function (c) { if (!c.required) picked[c.key] = accepted(c.key); });
      fetch(base + "/api/v1/cookies/consent", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ visitor: visitor(), choices: picked, version: banner.version, lang: banner.lang })
      }).then(function (response) {
        if (!response.ok) throw new Error("choice not stored");
        box.remove();
        activate(picked);
      }).catch(function () { box.remove(); activate({}); });  // not stored: nothing optional runs
    }
    var accept = button(banner.texts.accept, function () { send(function () { return true; }); });
    var reject = button(banner.texts.reject, function () { send(function () { return false; }); });
    var save = button(banner.texts.save, function () { send(function (key) { return boxes[key].checked; }); });
    save.hidden = true;
    var settings = button(banner.texts.settings, function () {
      choices.hidden = !choices.hidden;
      save.hidden = choices.hidden;
    });
    [title, body, choices, accept, reject, settings, save].forEach(function (node) { box.appendChild(node); });
    document.body.appendChild(box);
    accept.focus();
  }

  function open() {
    fetch(base + "/api/v1/cookies/banner?lang=" + lang).then(function (r) { return r.json(); }).then(show);
  }

  window.waarborgConsent = { open: open, choices: {} };
  function start() {
    fetch(base + "/api/v1/cookies/consent/" + visitor() + "?lang=" + lang).then(function (response) {
      if (response.status === 404) { open(); return null; }
      return response.json();
    }).then(function (found) { if (found) activate(found.choices); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
