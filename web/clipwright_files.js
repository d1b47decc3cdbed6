// Files the user picks or drops stay in JS as File objects in a table keyed by handle; C++ sees the
// handle, name, size and type. Uploads send them with XMLHttpRequest for upload progress, so the
// bytes never enter the wasm heap.
mergeInto(LibraryManager.library, {
  $CW_FILES: {
    next: 1,
    files: {},
    incoming: [],
    dragging: false,
    add: function (fileList) {
      for (var i = 0; i < fileList.length; i++) {
        var handle = CW_FILES.next++;
        CW_FILES.files[handle] = fileList[i];
        CW_FILES.incoming.push({ handle: handle, name: fileList[i].name, size: fileList[i].size,
                                 type: fileList[i].type || '' });
      }
      CW_NET.wake();
    },
  },

  cw_files_pick__sig: 'vi',
  cw_files_pick__deps: ['$CW_FILES', '$CW_NET'],
  cw_files_pick: function (accept) {
    var input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.accept = UTF8ToString(accept);
    input.style.display = 'none';
    input.addEventListener('change', function () { CW_FILES.add(input.files); input.remove(); });
    document.body.appendChild(input);
    input.click();
  },

  cw_files_listen_for_drops__sig: 'v',
  cw_files_listen_for_drops__deps: ['$CW_FILES', '$CW_NET'],
  cw_files_listen_for_drops: function () {
    var set_dragging = function (on) { if (CW_FILES.dragging !== on) { CW_FILES.dragging = on; CW_NET.wake(); } };
    window.addEventListener('dragover', function (e) { e.preventDefault(); set_dragging(true); });
    window.addEventListener('dragleave', function (e) { if (!e.relatedTarget) set_dragging(false); });
    window.addEventListener('drop', function (e) {
      e.preventDefault();
      set_dragging(false);
      if (e.dataTransfer && e.dataTransfer.files.length) CW_FILES.add(e.dataTransfer.files);
    });
  },

  cw_files_dragging__sig: 'i',
  cw_files_dragging__deps: ['$CW_FILES'],
  cw_files_dragging: function () { return CW_FILES.dragging ? 1 : 0; },

  // Writes the newly added files as JSON [{handle,name,size,type}] into buf and forgets them;
  // returns the bytes needed (nothing is taken when that is not less than cap).
  cw_files_take_incoming__sig: 'iii',
  cw_files_take_incoming__deps: ['$CW_FILES', '$CW_NET'],
  cw_files_take_incoming: function (buf, cap) {
    if (!CW_FILES.incoming.length) return 0;
    var json = JSON.stringify(CW_FILES.incoming);
    var needed = CW_NET.copyOut(json, buf, cap);
    if (needed < cap) CW_FILES.incoming = [];
    return needed;
  },

  cw_files_release__sig: 'vi',
  cw_files_release__deps: ['$CW_FILES'],
  cw_files_release: function (handle) { delete CW_FILES.files[handle]; },

  cw_upload_start__sig: 'viiiii',
  cw_upload_start__deps: ['$CW_FILES', '$CW_NET'],
  cw_upload_start: function (id, url, headersJson, handlesJson, field) {
    var r = CW_NET.entry();
    CW_NET.requests[id] = r;
    var form = new FormData();
    var fieldName = UTF8ToString(field);
    JSON.parse(UTF8ToString(handlesJson)).forEach(function (handle) {
      var file = CW_FILES.files[handle];
      if (file) form.append(fieldName, file, file.name);
    });
    var xhr = new XMLHttpRequest();
    r.xhr = xhr;
    xhr.open('POST', UTF8ToString(url));
    var headers = JSON.parse(UTF8ToString(headersJson));
    Object.keys(headers).forEach(function (name) { xhr.setRequestHeader(name, headers[name]); });
    xhr.responseType = 'arraybuffer';
    // Progress does not wake the app: its 250 ms tick redraws the bar. Under software WebGL each
    // frame costs enough CPU to slow the upload itself on a small machine.
    xhr.upload.onprogress = function (e) { r.sent = e.loaded; r.total = e.lengthComputable ? e.total : 0; };
    xhr.onload = function () {
      r.status = xhr.status;
      r.contentType = xhr.getResponseHeader('content-type') || '';
      r.chunks.push(new Uint8Array(xhr.response || new ArrayBuffer(0)));
      r.arrivals.push(performance.now());
      r.phase = 1;
      CW_NET.wake();
    };
    xhr.onerror = function () { r.phase = 2; r.error = 'the connection broke during the upload; add the file again to retry'; CW_NET.wake(); };
    xhr.ontimeout = function () { r.phase = 2; r.error = 'the upload timed out'; CW_NET.wake(); };
    xhr.send(form);
  },

  // Writes bytes sent and total (doubles) for an upload; returns 0 for an unknown id.
  cw_upload_progress__sig: 'iiii',
  cw_upload_progress__deps: ['$CW_NET'],
  cw_upload_progress: function (id, sentOut, totalOut) {
    var r = CW_NET.requests[id];
    if (!r) return 0;
    HEAPF64[sentOut >> 3] = r.sent;
    HEAPF64[totalOut >> 3] = r.total;
    return 1;
  },
});
