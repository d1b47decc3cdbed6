// The player: the draft's preview in a <video> placed over the canvas at the rectangle the player
// panel reserves (CSS pixels). The app drives it (play, pause, rate, seek) and reads its clock each
// frame; every frame the video presents, and every seek that completes, wakes the app's loop, so a
// playing preview is drawn at the video's own frame rate and an idle one not at all.
mergeInto(LibraryManager.library, {
  $CW_PLAYER: { element: null, url: '', resume_at: 0 },

  $cw_player_wake__deps: [],
  $cw_player_wake: function () { if (Module['_cw_platform_wake']) Module['_cw_platform_wake'](); },

  $cw_player_watch_frames__deps: ['$cw_player_wake'],
  $cw_player_watch_frames: function (el) {
    if (!el.requestVideoFrameCallback) return;
    var next = function () {
      if (CW_PLAYER.element !== el) return;
      cw_player_wake();
      el.requestVideoFrameCallback(next);
    };
    el.requestVideoFrameCallback(next);
  },

  $cw_player_create__deps: ['$CW_PLAYER', '$cw_player_wake', '$cw_player_watch_frames'],
  $cw_player_create: function () {
    var el = document.createElement('video');
    el.id = 'cw-player';
    el.playsInline = true;
    el.preload = 'auto';
    el.style.objectFit = 'contain';
    el.style.background = '#000';
    el.style.pointerEvents = 'none';  // clicks go to the app's own controls
    ['seeked', 'play', 'pause', 'loadeddata', 'ended', 'ratechange'].forEach(function (type) {
      el.addEventListener(type, cw_player_wake);
    });
    // A newer preview keeps the playhead where it was.
    el.addEventListener('loadedmetadata', function () {
      el.currentTime = Math.min(CW_PLAYER.resume_at, el.duration || 0);
    });
    document.body.appendChild(el);
    cw_player_watch_frames(el);
    return el;
  },

  cw_player_show__sig: 'viffff',
  cw_player_show__deps: ['$CW_PLAYER', '$cw_player_create', '$cw_place_over_canvas'],
  cw_player_show: function (url, x, y, w, h) {
    var src = UTF8ToString(url);
    var el = CW_PLAYER.element || (CW_PLAYER.element = cw_player_create());
    if (CW_PLAYER.url !== src) {
      CW_PLAYER.resume_at = el.currentTime || 0;
      var playing = !el.paused;
      el.src = src;
      CW_PLAYER.url = src;
      if (playing) el.play().catch(function () {});
    }
    cw_place_over_canvas(el, x, y, w, h);
  },

  cw_player_hide__sig: 'v',
  cw_player_hide__deps: ['$CW_PLAYER'],
  cw_player_hide: function () {
    if (CW_PLAYER.element) {
      CW_PLAYER.element.pause();
      CW_PLAYER.element.remove();
    }
    CW_PLAYER.element = null;
    CW_PLAYER.url = '';
  },

  cw_player_play__sig: 'vid',
  cw_player_play__deps: ['$CW_PLAYER'],
  cw_player_play: function (play, rate) {
    var el = CW_PLAYER.element;
    if (!el) return;
    el.playbackRate = rate;
    if (!play) return el.pause();
    if (el.ended) el.currentTime = 0;
    el.play().catch(function () {});
  },

  cw_player_seek__sig: 'vd',
  cw_player_seek__deps: ['$CW_PLAYER'],
  cw_player_seek: function (seconds) {
    var el = CW_PLAYER.element;
    if (el) el.currentTime = Math.max(0, seconds);
  },

  // Writes the clock and the length (seconds) and returns flags: 1 a frame can be shown, 2 paused,
  // 4 seeking.
  cw_player_status__sig: 'iii',
  cw_player_status__deps: ['$CW_PLAYER'],
  cw_player_status: function (time_ptr, duration_ptr) {
    var el = CW_PLAYER.element;
    HEAPF64[time_ptr >> 3] = el ? el.currentTime : 0;
    HEAPF64[duration_ptr >> 3] = el && isFinite(el.duration) ? el.duration : 0;
    if (!el) return 2;
    return (el.readyState >= 2 ? 1 : 0) | (el.paused ? 2 : 0) | (el.seeking ? 4 : 0);
  },
});
