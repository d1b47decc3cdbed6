// Page glue for the app: test-mode detection, the window.clipwright test hook, the loader and
// fatal-error notice. The hook reads state the app serialises; only load_fixture (benchmarks)
// changes the app.
mergeInto(LibraryManager.library, {
  cw_page_is_test_mode__sig: 'i',
  cw_page_is_test_mode__deps: [],
  cw_page_is_test_mode: function () {
    return new URLSearchParams(window.location.search).get('test') === '1' ? 1 : 0;
  },

  cw_page_install_test_hook__sig: 'v',
  cw_page_install_test_hook__deps: ['malloc', 'free'],
  cw_page_install_test_hook: function () {
    window.clipwright = {
      ready: false,
      rects: function () { return UTF8ToString(_cw_hook_rects_json()); },
      state: function () { return UTF8ToString(_cw_hook_state_json()); },
      // {frame_ms, frame_presented, text_wait_ms, text_wait_frames} since the last call (see main_web.cpp).
      perf: function () { return UTF8ToString(_cw_hook_perf_json()); },
      load_fixture: function (fixture) {
        var text = JSON.stringify(fixture);
        var size = lengthBytesUTF8(text) + 1;
        var buf = _malloc(size);
        stringToUTF8(text, buf, size);
        _cw_hook_load_fixture(buf);
        _free(buf);
      },
    };
  },

  cw_page_first_frame__sig: 'v',
  cw_page_first_frame__deps: [],
  cw_page_first_frame: function () {
    var loader = document.getElementById('loading');
    if (loader) loader.remove();
    if (window.clipwright) {
      window.clipwright.first_frame_ms = performance.now();  // since navigation started
      window.clipwright.ready = true;
    }
  },

  cw_page_show_fatal__sig: 'vi',
  cw_page_show_fatal__deps: [],
  cw_page_show_fatal: function (message) {
    var loader = document.getElementById('loading');
    if (loader) loader.textContent = UTF8ToString(message);
  },

  // Wall-clock milliseconds at page start; with emscripten_get_now() it gives Unix time in ms.
  cw_page_time_origin__sig: 'd',
  cw_page_time_origin__deps: [],
  cw_page_time_origin: function () { return performance.timeOrigin; },

  cw_page_entropy__sig: 'd',
  cw_page_entropy__deps: [],
  cw_page_entropy: function () {
    var words = new Uint32Array(2);
    crypto.getRandomValues(words);
    return words[0] * 2097152 + (words[1] >>> 11);
  },

  cw_page_language__sig: 'iii',
  cw_page_language__deps: [],
  cw_page_language: function (buf, cap) {
    var tag = navigator.language || 'en';
    var needed = lengthBytesUTF8(tag);
    if (needed < cap) stringToUTF8(tag, buf, cap);
    return needed;
  },

  // The URL a site file is served under: the build gives large files content-hashed names
  // (Module.locateFile, in shell.html), so that browsers may keep them for good.
  cw_page_asset_url__sig: 'iiii',
  cw_page_asset_url__deps: [],
  cw_page_asset_url: function (name, buf, cap) {
    var path = UTF8ToString(name);
    var url = Module['locateFile'] ? Module['locateFile'](path, '') : path;
    var needed = lengthBytesUTF8(url);
    if (needed < cap) stringToUTF8(url, buf, cap);
    return needed;
  },

  cw_page_open_link__sig: 'vi',
  cw_page_open_link__deps: [],
  cw_page_open_link: function (url) { window.open(UTF8ToString(url), '_blank', 'noopener'); },
});
