// Thumbnails for the media bin: the browser decodes the image or a frame of the video (from the
// server URL), scales it down, and uploads it to a WebGL texture that ImGui draws by id. C++ polls
// each request until it is ready or failed.
mergeInto(LibraryManager.library, {
  $CW_THUMBS: {
    requests: {},
    next: 1,
    bitmap_from_video: function (url, max) {
      return new Promise(function (resolve, reject) {
        var video = document.createElement('video');
        video.muted = true;
        video.preload = 'auto';
        video.crossOrigin = 'anonymous';
        video.onloadedmetadata = function () { video.currentTime = Math.min(1, (video.duration || 0) / 3); };
        video.onseeked = function () {
          createImageBitmap(video, { resizeWidth: max, resizeQuality: 'medium' }).then(resolve, reject);
          video.removeAttribute('src');
          video.load();
        };
        video.onerror = function () { reject(new Error('the video could not be decoded')); };
        video.src = url;
      });
    },
    bitmap_from_image: function (url, max) {
      return fetch(url).then(function (r) { return r.blob(); }).then(function (blob) {
        return createImageBitmap(blob, { resizeWidth: max, resizeQuality: 'medium' });
      });
    },
    upload: function (bitmap) {
      var texture = GLctx.createTexture();
      GLctx.bindTexture(GLctx.TEXTURE_2D, texture);
      GLctx.texParameteri(GLctx.TEXTURE_2D, GLctx.TEXTURE_MIN_FILTER, GLctx.LINEAR);
      GLctx.texParameteri(GLctx.TEXTURE_2D, GLctx.TEXTURE_MAG_FILTER, GLctx.LINEAR);
      GLctx.texParameteri(GLctx.TEXTURE_2D, GLctx.TEXTURE_WRAP_S, GLctx.CLAMP_TO_EDGE);
      GLctx.texParameteri(GLctx.TEXTURE_2D, GLctx.TEXTURE_WRAP_T, GLctx.CLAMP_TO_EDGE);
      GLctx.texImage2D(GLctx.TEXTURE_2D, 0, GLctx.RGBA, GLctx.RGBA, GLctx.UNSIGNED_BYTE, bitmap);
      var id = GL.getNewId(GL.textures);
      texture.name = id;
      GL.textures[id] = texture;
      return id;
    },
  },

  // Starts decoding; returns a request id. kind: 0 image, 1 video.
  cw_thumb_request__sig: 'iiii',
  cw_thumb_request__deps: ['$CW_THUMBS', '$CW_NET', '$GL'],
  cw_thumb_request: function (url, kind, max) {
    var id = CW_THUMBS.next++;
    var r = { state: 0, texture: 0, width: 0, height: 0 };
    CW_THUMBS.requests[id] = r;
    var source = UTF8ToString(url);
    var decode = kind === 1 ? CW_THUMBS.bitmap_from_video(source, max) : CW_THUMBS.bitmap_from_image(source, max);
    decode.then(function (bitmap) {
      r.texture = CW_THUMBS.upload(bitmap);
      r.width = bitmap.width;
      r.height = bitmap.height;
      bitmap.close();
      r.state = 1;
      CW_NET.wake();
    }).catch(function () { r.state = 2; CW_NET.wake(); });
    return id;
  },

  // 0 pending, 1 ready (texture id and size written), 2 failed.
  cw_thumb_poll__sig: 'iiiii',
  cw_thumb_poll__deps: ['$CW_THUMBS'],
  cw_thumb_poll: function (id, textureOut, widthOut, heightOut) {
    var r = CW_THUMBS.requests[id];
    if (!r) return 2;
    if (r.state === 1) {
      HEAP32[textureOut >> 2] = r.texture;
      HEAP32[widthOut >> 2] = r.width;
      HEAP32[heightOut >> 2] = r.height;
    }
    return r.state;
  },
});
