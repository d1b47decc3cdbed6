// A phone's on-screen keyboard covers the page without resizing it (Chrome's default since
// version 108, and Safari always): only the visual viewport shrinks. The canvas follows the visual
// viewport, so the layout fits what is visible and the chat input stays above the keys. Elements
// placed over the canvas (the chat input, the videos) add its offset.
mergeInto(LibraryManager.library, {
  $CW_VIEWPORT: { top: 0 },

  cw_viewport_listen__sig: 'v',
  cw_viewport_listen__deps: ['$CW_VIEWPORT'],
  cw_viewport_listen: function () {
    var view = window.visualViewport;
    if (!view) return;
    var follow = function () {
      var canvas = Module['canvas'];
      CW_VIEWPORT.top = view.offsetTop;
      canvas.style.top = view.offsetTop + 'px';
      canvas.style.height = view.height + 'px';
      if (Module['_cw_platform_viewport']) Module['_cw_platform_viewport']();
    };
    view.addEventListener('resize', follow);
    view.addEventListener('scroll', follow);
  },
});
