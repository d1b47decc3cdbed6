// The chat input as a real HTML <input> placed over the rectangle the app reserves for it, so IME
// composition (Chinese), paste, selection and accessibility are the browser's own. C++ places it,
// pulls its text when it changed and pulls Enter presses; it pushes text when the app changes it.
mergeInto(LibraryManager.library, {
  $CW_TEXT: {
    element: null,
    changed: false,
    submits: 0,
    create: function () {
      var el = document.createElement('input');
      el.type = 'text';
      el.id = 'cw-chat-input';
      el.dataset.cwText = '1';  // the page keeps GLFW's key handlers away from it (shell.html)
      el.autocomplete = 'off';
      el.spellcheck = true;
      el.setAttribute('aria-label', 'Message to Clipwright');
      el.style.cssText = 'position:fixed;box-sizing:border-box;margin:0;border:0;outline:none;' +
        'background:transparent;color:#e6e8eb;font:15px system-ui,sans-serif;padding:0 8px;';
      el.addEventListener('compositionend', function () { CW_TEXT.changed = true; CW_NET.wake(); });
      el.addEventListener('input', function () { CW_TEXT.changed = true; CW_NET.wake(); });
      // Enter arrives as 'cw-submit' from the page's key filter (shell.html), outside composition.
      el.addEventListener('cw-submit', function () { CW_TEXT.submits++; CW_NET.wake(); });
      document.body.appendChild(el);
      CW_TEXT.element = el;
      return el;
    },
  },

  cw_text_place__sig: 'vffffi',
  cw_text_place__deps: ['$CW_TEXT', '$CW_NET', '$cw_place_over_canvas'],
  cw_text_place: function (x, y, w, h, placeholder) {
    var el = CW_TEXT.element || CW_TEXT.create();
    cw_place_over_canvas(el, x, y, w, h);
    el.placeholder = UTF8ToString(placeholder);
    el.style.display = w > 0 ? 'block' : 'none';
  },

  cw_text_set__sig: 'vi',
  cw_text_set__deps: ['$CW_TEXT', '$CW_NET'],
  cw_text_set: function (text) {
    var el = CW_TEXT.element || CW_TEXT.create();
    el.value = UTF8ToString(text);
    CW_TEXT.changed = false;
  },

  // The input's text when it changed since the last call (UTF-8 length returned), else -1.
  cw_text_take__sig: 'iii',
  cw_text_take__deps: ['$CW_TEXT', '$CW_NET'],
  cw_text_take: function (buf, cap) {
    if (!CW_TEXT.changed || !CW_TEXT.element) return -1;
    var needed = CW_NET.copyOut(CW_TEXT.element.value, buf, cap);
    if (needed < cap) CW_TEXT.changed = false;
    return needed;
  },

  // How many times Enter was pressed since the last call.
  cw_text_take_submits__sig: 'i',
  cw_text_take_submits__deps: ['$CW_TEXT'],
  cw_text_take_submits: function () { var n = CW_TEXT.submits; CW_TEXT.submits = 0; return n; },

  cw_text_focus__sig: 'v',
  cw_text_focus__deps: ['$CW_TEXT'],
  cw_text_focus: function () { if (CW_TEXT.element) CW_TEXT.element.focus(); },
});
