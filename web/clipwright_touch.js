// Touch screens: the first finger on the canvas acts as the mouse's left button (a tap clicks, a
// drag drags) and reaches the app through cw_platform_touch. Listening on the document in the
// capture phase runs before Emscripten's GLFW port, which would otherwise turn a touch into a press
// at the last mouse position; the browser's own scrolling, zooming and emulated mouse events are
// cancelled. Touches on the page's own chat <input> keep their default (focus, the keyboard).
mergeInto(LibraryManager.library, {
  cw_touch_listen__sig: 'v',
  cw_touch_listen__deps: [],
  cw_touch_listen: function () {
    var canvas = Module['canvas'];
    var finger = null;
    var kinds = { touchstart: 0, touchmove: 1, touchend: 2, touchcancel: 2 };
    var handle = function (e) {
      if (e.target !== canvas) return;
      e.preventDefault();
      e.stopPropagation();
      var kind = kinds[e.type];
      var touch = null;
      for (var i = 0; i < e.changedTouches.length && !touch; i++) {
        var t = e.changedTouches[i];
        if (finger === null ? kind === 0 : t.identifier === finger) touch = t;
      }
      if (!touch) return;  // a second finger, or one that started elsewhere
      finger = kind === 2 ? null : touch.identifier;
      var rect = canvas.getBoundingClientRect();
      if (Module['_cw_platform_touch']) Module['_cw_platform_touch'](kind, touch.clientX - rect.left, touch.clientY - rect.top);
    };
    Object.keys(kinds).forEach(function (type) {
      document.addEventListener(type, handle, { capture: true, passive: false });
    });
  },
});
