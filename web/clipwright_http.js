// HTTP for the app: fetch() with a ReadableStream reader per request, kept in a table keyed by the
// core's request id. C++ pulls status, bytes and completion each frame; JS only wakes the loop.
mergeInto(LibraryManager.library, {
  $CW_NET: {
    requests: {},
    // Arrival time (performance.now) of the earliest bytes read since the last take, so the page can
    // tell how long received text waited before a frame showed it.
    consumedArrival: 0,
    // The app draws only on change; arriving bytes are a change.
    wake: function () { if (Module['_cw_platform_wake']) Module['_cw_platform_wake'](); },
    entry: function () {
      return { status: 0, contentType: '', chunks: [], arrivals: [], phase: 0, error: '', sent: 0, total: 0,
               controller: null, xhr: null, cancelled: false };
    },
    copyOut: function (text, buf, cap) {
      var needed = lengthBytesUTF8(text);
      if (needed < cap) stringToUTF8(text, buf, cap);
      return needed;
    },
  },

  cw_http_start__sig: 'viiiiii',
  cw_http_start__deps: ['$CW_NET'],
  cw_http_start: function (id, method, url, headersJson, body, bodyLength) {
    var r = CW_NET.entry();
    CW_NET.requests[id] = r;
    r.controller = new AbortController();
    var init = { method: UTF8ToString(method), headers: JSON.parse(UTF8ToString(headersJson)),
                 signal: r.controller.signal, cache: 'no-store' };
    if (bodyLength > 0) init.body = HEAPU8.slice(body, body + bodyLength);
    fetch(UTF8ToString(url), init).then(function (response) {
      r.status = response.status;
      r.contentType = response.headers.get('content-type') || '';
      CW_NET.wake();
      var reader = response.body.getReader();
      var pump = function () {
        return reader.read().then(function (step) {
          if (r.cancelled) return;
          if (step.done) { r.phase = 1; CW_NET.wake(); return; }
          r.chunks.push(step.value);
          r.arrivals.push(performance.now());
          CW_NET.wake();
          return pump();
        });
      };
      return pump();
    }).catch(function (error) {
      if (r.cancelled) return;
      r.phase = 2;
      r.error = String(error && error.message || error);
      CW_NET.wake();
    });
  },

  // -1: unknown id; 0: no response yet; otherwise the HTTP status.
  cw_http_status__sig: 'ii',
  cw_http_status__deps: ['$CW_NET'],
  cw_http_status: function (id) {
    var r = CW_NET.requests[id];
    return r ? r.status : -1;
  },

  cw_http_content_type__sig: 'iiii',
  cw_http_content_type__deps: ['$CW_NET'],
  cw_http_content_type: function (id, buf, cap) {
    var r = CW_NET.requests[id];
    return CW_NET.copyOut(r ? r.contentType : '', buf, cap);
  },

  // Copies up to `cap` received bytes into `buf`; returns how many.
  cw_http_read__sig: 'iiii',
  cw_http_read__deps: ['$CW_NET'],
  cw_http_read: function (id, buf, cap) {
    var r = CW_NET.requests[id];
    var copied = 0;
    while (r && r.chunks.length && copied < cap) {
      var chunk = r.chunks[0];
      var n = Math.min(chunk.length, cap - copied);
      HEAPU8.set(chunk.subarray(0, n), buf + copied);
      copied += n;
      if (!CW_NET.consumedArrival || r.arrivals[0] < CW_NET.consumedArrival) CW_NET.consumedArrival = r.arrivals[0];
      if (n === chunk.length) { r.chunks.shift(); r.arrivals.shift(); } else r.chunks[0] = chunk.subarray(n);
    }
    return copied;
  },

  // The arrival time of the earliest bytes read since the last call (0 when none), then forgets it.
  cw_http_take_arrival__sig: 'd',
  cw_http_take_arrival__deps: ['$CW_NET'],
  cw_http_take_arrival: function () {
    var at = CW_NET.consumedArrival;
    CW_NET.consumedArrival = 0;
    return at;
  },

  // 0: running or bytes still queued; 1: finished and drained; 2: failed.
  cw_http_phase__sig: 'ii',
  cw_http_phase__deps: ['$CW_NET'],
  cw_http_phase: function (id) {
    var r = CW_NET.requests[id];
    if (!r) return 2;
    if (r.phase === 1 && r.chunks.length) return 0;
    return r.phase;
  },

  cw_http_error__sig: 'iiii',
  cw_http_error__deps: ['$CW_NET'],
  cw_http_error: function (id, buf, cap) {
    var r = CW_NET.requests[id];
    return CW_NET.copyOut(r ? r.error : 'unknown request', buf, cap);
  },

  cw_http_cancel__sig: 'vi',
  cw_http_cancel__deps: ['$CW_NET'],
  cw_http_cancel: function (id) {
    var r = CW_NET.requests[id];
    if (!r) return;
    r.cancelled = true;
    if (r.controller) r.controller.abort();
    if (r.xhr) r.xhr.abort();
    delete CW_NET.requests[id];
  },

  cw_http_release__sig: 'vi',
  cw_http_release__deps: ['$CW_NET'],
  cw_http_release: function (id) { delete CW_NET.requests[id]; },
});
