/*!
 * Agentloom chat widget. Add to any page:
 *   <script src="https://your-agentloom/embed.js" data-token="SHARE_TOKEN" defer></script>
 * Optional: data-inputs='{"name":"value"}' (declared inputs of the app), data-user-id="…" (your
 * user's id: their conversations follow them across devices; an id, not a secret, so prefer an
 * opaque one). Later: AgentloomWidget.setInputs({...}) and AgentloomWidget.setUserId("…").
 * Everything lives in a shadow root (styles neither leak in nor out), nothing is added to the global scope except
 * window.AgentloomWidget, and no error escapes to the host page.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var ICONS = {
    chat: "M4 5h16v10H8l-4 4z",
    bot: "M7 8h10v9H7zM12 4v4M9.5 12h.01M14.5 12h.01",
    sparkles: "M12 3l1.8 4.7L18 9.5l-4.2 1.8L12 16l-1.8-4.7L6 9.5l4.2-1.8zM18 15l.9 2.1L21 18l-2.1.9L18 21l-.9-2.1L15 18l2.1-.9z",
    help: "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6V14M12 17h.01",
  };
  var CLOSE = "M6 6l12 12M18 6L6 18";

  function warn(message) {
    try {
      console.warn("[agentloom] " + message);
    } catch (_) {}
  }

  function svg(path) {
    return '<svg viewBox="0 0 24 24" width="26" height="26" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="' + path + '"/></svg>';
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function mount(token, base, page, config) {
    var w = config.widget || {};
    var color = /^#[0-9a-fA-F]{6}$/.test(w.color || "") ? w.color : "#155eef";
    var left = w.position === "bottom-left";
    var width = Math.min(Math.max(+w.width || 380, 280), 800);
    var height = Math.min(Math.max(+w.height || 600, 360), 1000);
    var title = config.title || "Chat";
    var icon = ICONS[w.icon] || ICONS.chat;

    var host = document.createElement("div");
    host.setAttribute("data-agentloom-widget", "");
    host.style.cssText = "all:initial;position:fixed;z-index:2147483000;bottom:20px;" + (left ? "left:20px" : "right:20px");
    var root = host.attachShadow({ mode: "open" });
    root.innerHTML =
      "<style>" +
      ":host{all:initial}*{box-sizing:border-box}" +
      ".bubble{width:56px;height:56px;border-radius:28px;border:0;cursor:pointer;color:#fff;background:" + color + ";box-shadow:0 6px 20px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center;touch-action:none}" +
      ".bubble:focus-visible{outline:3px solid " + color + "55;outline-offset:2px}" +
      ".panel{position:absolute;bottom:68px;" + (left ? "left:0" : "right:0") + ";width:" + width + "px;height:" + height + "px;max-width:calc(100vw - 24px);max-height:calc(100vh - 100px);border-radius:16px;overflow:hidden;background:#fff;box-shadow:0 12px 40px rgba(0,0,0,.25);display:none;flex-direction:column}" +
      ".panel.open{display:flex}" +
      ".welcome{font:14px/1.4 system-ui,sans-serif;padding:10px 14px;background:" + color + ";color:#fff}" +
      "iframe{border:0;width:100%;flex:1}" +
      "@media (max-width:480px){.panel{position:fixed;inset:0;width:100vw;height:100vh;max-width:none;max-height:none;border-radius:0}}" +
      "</style>" +
      '<div class="panel" role="dialog" aria-label="' + escapeHtml(title) + '"></div>' +
      '<button class="bubble" type="button" aria-label="' + escapeHtml(title) + '" aria-expanded="false">' + svg(icon) + "</button>";
    document.body.appendChild(host);

    var panel = root.querySelector(".panel");
    var bubble = root.querySelector(".bubble");
    var frame = null;
    var moved = false;

    function open(state) {
      if (state && !frame) {
        if (w.welcome) {
          var welcome = document.createElement("div");
          welcome.className = "welcome";
          welcome.textContent = w.welcome;
          panel.appendChild(welcome);
        }
        frame = document.createElement("iframe");
        frame.title = title;
        frame.allow = "clipboard-write";
        var starters = Array.isArray(w.starters) ? w.starters : [];
        frame.src = base + "/s/" + encodeURIComponent(token) + "?embed=1" + (starters.length ? "&starters=" + encodeURIComponent(JSON.stringify(starters)) : "");
        panel.appendChild(frame);
      }
      panel.classList.toggle("open", state);
      bubble.setAttribute("aria-expanded", String(state));
      bubble.innerHTML = svg(state ? CLOSE : icon);
    }

    window.addEventListener("message", function (event) {
      // Only the widget's own frame, from the Agentloom origin, is listened to.
      if (!frame || event.source !== frame.contentWindow || event.origin !== base) return;
      var data = event.data || {};
      if (data.type === "agentloom:ready") tell();
      if (data.type === "agentloom:close") open(false);
    });

    // Hands the frame the host page's user and inputs (to the Agentloom origin only).
    function tell() {
      if (frame && frame.contentWindow) frame.contentWindow.postMessage({ type: "agentloom:init", inputs: page.inputs, userId: page.userId }, base);
    }
    page.changed = tell;

    bubble.addEventListener("click", function () {
      if (!moved) open(!panel.classList.contains("open"));
    });
    if (w.draggable) {
      bubble.addEventListener("pointerdown", function (down) {
        var rect = host.getBoundingClientRect();
        var dx = down.clientX - rect.left;
        var dy = down.clientY - rect.top;
        moved = false;
        bubble.setPointerCapture(down.pointerId);
        function move(e) {
          moved = true;
          host.style.left = Math.min(Math.max(e.clientX - dx, 0), window.innerWidth - 56) + "px";
          host.style.top = Math.min(Math.max(e.clientY - dy, 0), window.innerHeight - 56) + "px";
          host.style.right = "auto";
          host.style.bottom = "auto";
        }
        function up() {
          bubble.removeEventListener("pointermove", move);
          bubble.removeEventListener("pointerup", up);
          // The click that ends a drag must not toggle the panel.
          setTimeout(function () {
            moved = false;
          }, 0);
        }
        bubble.addEventListener("pointermove", move);
        bubble.addEventListener("pointerup", up);
      });
    }
    if (w.openByDefault) open(true);
  }

  try {
    if (!script || !script.src) return;
    var token = script.getAttribute("data-token") || "";
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(token)) return warn("data-token is missing or malformed");
    var base = new URL(script.src, location.href).origin;
    var registry = (window.AgentloomWidget = window.AgentloomWidget || { widgets: {} });
    if (registry.widgets[token]) return;
    var inputs = {};
    try {
      inputs = JSON.parse(script.getAttribute("data-inputs") || "{}") || {};
    } catch (_) {
      warn("data-inputs is not JSON; ignored");
    }
    var given = { inputs: isObject(inputs) ? inputs : {}, userId: script.getAttribute("data-user-id") || null, changed: function () {} };
    registry.widgets[token] = given;
    // setInputs(inputs[, token]) / setUserId(id[, token]): every widget on the page, or the one with that token.
    function each(only, change) {
      for (var key in registry.widgets) {
        var w = registry.widgets[key];
        if (w && typeof w === "object" && (!only || only === key)) {
          try {
            change(w);
            w.changed();
          } catch (e) {
            warn(e && e.message ? e.message : String(e));
          }
        }
      }
    }
    registry.setInputs = function (next, only) {
      if (!isObject(next)) return warn("setInputs takes an object of declared inputs");
      each(only, function (w) {
        w.inputs = next;
      });
    };
    registry.setUserId = function (id, only) {
      if (id !== null && typeof id !== "string") return warn("setUserId takes a string (or null)");
      each(only, function (w) {
        w.userId = id || null;
      });
    };
    fetch(base + "/api/share/" + token + "/widget", { credentials: "omit" })
      .then(function (r) {
        if (!r.ok) throw new Error("the widget is unavailable (HTTP " + r.status + ")");
        return r.json();
      })
      .then(function (config) {
        var start = function () {
          try {
            mount(token, base, given, config);
          } catch (e) {
            warn(e && e.message ? e.message : String(e));
          }
        };
        if (document.body) start();
        else document.addEventListener("DOMContentLoaded", start);
      })
      .catch(function (e) {
        warn(e && e.message ? e.message : String(e));
      });
  } catch (e) {
    warn(e && e.message ? e.message : String(e));
  }
})();
