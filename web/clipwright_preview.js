// The preview of a finished export: a <video> or <img> placed over the canvas at the rectangle the
// export panel reserves for it (CSS pixels), removed when hidden.
mergeInto(LibraryManager.library, {
  $CW_PREVIEW: { element: null, url: '' },

  // Places an element over the canvas at a rectangle in CSS pixels (the player uses it too).
  $cw_place_over_canvas__deps: ['$CW_VIEWPORT'],
  $cw_place_over_canvas: function (el, x, y, w, h) {
    el.style.position = 'fixed';
    el.style.left = x + 'px';
    el.style.top = (y + CW_VIEWPORT.top) + 'px';
    el.style.width = w + 'px';
    el.style.height = h + 'px';
  },

  cw_preview_show__sig: 'viiffff',
  cw_preview_show__deps: ['$CW_PREVIEW', '$cw_place_over_canvas'],
  cw_preview_show: function (url, isImage, x, y, w, h) {
    var src = UTF8ToString(url);
    var tag = isImage ? 'IMG' : 'VIDEO';
    var el = CW_PREVIEW.element;
    if (!el || el.tagName !== tag || CW_PREVIEW.url !== src) {
      if (el) el.remove();
      el = document.createElement(tag);
      el.id = 'cw-preview';
      if (!isImage) { el.controls = true; el.loop = true; el.muted = true; el.autoplay = true; el.playsInline = true; }
      el.src = src;
      el.style.objectFit = 'contain';
      el.style.background = '#000';
      document.body.appendChild(el);
      CW_PREVIEW.element = el;
      CW_PREVIEW.url = src;
    }
    cw_place_over_canvas(el, x, y, w, h);
  },

  cw_preview_hide__sig: 'v',
  cw_preview_hide__deps: ['$CW_PREVIEW'],
  cw_preview_hide: function () {
    if (CW_PREVIEW.element) CW_PREVIEW.element.remove();
    CW_PREVIEW.element = null;
    CW_PREVIEW.url = '';
  },
});
