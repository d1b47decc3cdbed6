// Touch screens: every finger that lands on the canvas reaches the app through cw_platform_touch,
// which turns taps, pans, pinches and long presses into what the panels understand
// (src/app/touch_gestures.hpp). Listening on the document in the capture phase runs before
// Emscripten's GLFW port, which would otherwise turn a touch into a press at the last mouse
// position; the browser's own scrolling, zooming and emulated mouse events are cancelled. Touches
// on the page's own chat <input> keep their default (focus, the keyboard).
mergeInto(LibraryManager.library, {
  cw_touch_listen__sig: 'v',
  cw_touch_listen__deps: [],
  cw_touch_listen: function () {
    var canvas = Module['canvas'];
    var fingers = {};  // identifier → true, for fingers that landed on the canvas
    var kinds = { touchstart: 0, touchmove: 1, touchend: 2, touchcancel: 2 };
    var handle = function (e) {
      var kind = kinds[e.type];
      if (kind === 0 && e.target !== canvas) return;
      var rect = null;
      for (var i = 0; i < e.changedTouches.length; i++) {
        var t = e.changedTouches[i];
        if (kind !== 0 && !fingers[t.identifier]) continue;  // a finger that started elsewhere
        if (kind === 0) fingers[t.identifier] = true;
        if (kind === 2) delete fingers[t.identifier];
        rect = rect || canvas.getBoundingClientRect();
        e.preventDefault();
        e.stopPropagation();
        if (Module['_cw_platform_touch']) {
          // The event's own time, not the time it is handled: a busy frame must not make a
          // flick look like a finger that rested before lifting.
          Module['_cw_platform_touch'](kind, t.identifier, t.clientX - rect.left, t.clientY - rect.top, e.timeStamp);
        }
      }
    };
    Object.keys(kinds).forEach(function (type) {
      document.addEventListener(type, handle, { capture: true, passive: false });
    });
  },
});
